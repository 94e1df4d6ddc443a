/**
 * A setting that stops start-up: it names the variable (or the config file
 * entry) and says what is allowed. Every module that reads configuration
 * throws this one class, so the CLI reports them all alike.
 */
export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
  readonly variable: string;
  constructor(variable: string, allowed: string) {
    super(`${variable}: ${allowed}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

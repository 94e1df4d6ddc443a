/**
 * The one way a test reads a `MESHGATE_TEST_*` variable it cannot run
 * without: suites fail, never skip, when their service is not configured (a
 * silently skipped suite would hide an untested adapter).
 */
const DEFAULT_HINT = 'run the suite with `npm test`, which starts the services and sets it (or `bash scripts/services.sh up` and `. scripts/services.env.sh`)';

/** The variable's value; throws naming it (and `hint`, how to set it) when it is unset or empty. */
export function requireEnv(name: string, hint = DEFAULT_HINT): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set: ${hint}`);
  return value;
}

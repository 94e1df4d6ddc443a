/** Observability: structured logging (pino). Metrics and tracing come later. */
export type { Logger, LoggerOptions, LogLevel } from './logger.ts';
export { createLogger } from './logger.ts';

import { createRequire } from 'node:module';
import { pino } from 'pino';
import type { DestinationStream, Level, Logger as PinoLogger } from 'pino';

/** The structured logger every module receives; pino's, so child loggers and levels work as documented there. */
export type Logger = PinoLogger;

export type LogLevel = Level | 'silent';

export interface LoggerOptions {
  /** Default: `LOG_LEVEL`, else `silent` under `node --test`, else `info`. */
  level?: LogLevel;
  /** Human-readable output through pino-pretty when that package is installed; JSON lines otherwise. */
  pretty?: boolean;
  /** Where lines go (default stdout). Tests pass a stream to read what was logged. */
  destination?: DestinationStream;
  /** Fields present on every line, e.g. `{ service: 'gateway' }`. */
  base?: Record<string, unknown>;
}

const LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? levelFromEnvironment();
  const base = { pid: process.pid, ...options.base };
  if (options.destination) return pino({ level, base }, options.destination);
  if (options.pretty && isInstalled('pino-pretty')) {
    return pino({ level, base, transport: { target: 'pino-pretty', options: { colorize: true } } });
  }
  return pino({ level, base });
}

function levelFromEnvironment(): LogLevel {
  const fromEnv = process.env.LOG_LEVEL?.toLowerCase();
  if (fromEnv && (LEVELS as readonly string[]).includes(fromEnv)) return fromEnv as LogLevel;
  // node's test runner marks its child processes; logs there are noise unless asked for.
  if (process.env.NODE_TEST_CONTEXT) return 'silent';
  return 'info';
}

function isInstalled(packageName: string): boolean {
  try {
    createRequire(import.meta.url).resolve(packageName);
    return true;
  } catch {
    return false;
  }
}

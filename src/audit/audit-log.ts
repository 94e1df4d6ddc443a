/** The access log service: group-committed appends, queries and verification over the platform database. */
import type { Logger } from '../observability/index.ts';
import type { PlatformDatabase } from '../sources/index.ts';
import { toRecordBody } from './chain.ts';
import type { RecordBody } from './chain.ts';
import { AuditWriteError } from './errors.ts';
import { createGroupCommitter } from './group-commit.ts';
import { queryRecords } from './query.ts';
import { appendBatch, ensureSchema } from './store.ts';
import type { AccessRecordInput, AuditLog, AuditLogOptions, AuditMode } from './types.ts';
import { verifyChain } from './verify.ts';

export const DEFAULT_FLUSH_INTERVAL_MS = 2;
export const DEFAULT_MAX_BATCH = 500;
/** best-effort keeps at most this many batches waiting while the database is away, then drops. */
const BEST_EFFORT_BACKLOG_BATCHES = 100;

type Lifecycle = { state: 'open' } | { state: 'closed' };

interface Counters {
  appended: number;
  failed: number;
  batches: number;
}

/** Creates the tables if missing (strict: a database it cannot reach is a startup error). */
export async function createAuditLog(options: AuditLogOptions): Promise<AuditLog> {
  const mode: AuditMode = options.mode ?? 'strict';
  const { db, logger } = options;
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError('maxBatch must be a positive integer');
  let schemaReady = await prepareSchema(db, mode, logger);
  const counters: Counters = { appended: 0, failed: 0, batches: 0 };
  let lifecycle: Lifecycle = { state: 'open' };

  const committer = createGroupCommitter<RecordBody>({
    flushIntervalMs: options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS,
    maxBatch,
    write: async (bodies) => {
      try {
        if (!schemaReady) schemaReady = (await ensureSchema(db), true);
        await appendBatch(db, bodies);
        counters.appended += bodies.length;
        counters.batches += 1;
      } catch (error) {
        counters.failed += bodies.length;
        logger?.error({ err: error, records: bodies.length, mode }, 'access log: batch not written');
        throw new AuditWriteError(`access records could not be written: ${(error as Error).message}`, { cause: error });
      }
    },
  });

  const appendStrict = async (input: AccessRecordInput): Promise<void> => {
    let body: RecordBody;
    try {
      body = acceptable(input);
    } catch (error) {
      counters.failed += 1;
      throw error;
    }
    await committer.submit(body);
  };
  /** A record the log will take now, or an AuditWriteError saying why not. */
  const acceptable = (input: AccessRecordInput): RecordBody => {
    if (lifecycle.state === 'closed') throw new AuditWriteError('the access log is closed');
    if (mode === 'best-effort' && committer.pending() >= maxBatch * BEST_EFFORT_BACKLOG_BATCHES) {
      throw new AuditWriteError('the access log backlog is full');
    }
    try {
      return toRecordBody(input, options.redactKeys);
    } catch (error) {
      throw new AuditWriteError(`invalid access record: ${(error as Error).message}`, { cause: error });
    }
  };
  const appendBestEffort = (input: AccessRecordInput): void => {
    try {
      committer.submit(acceptable(input)).catch(() => {}); // counted and logged in write
    } catch (error) {
      counters.failed += 1;
      if (counters.failed % 1000 === 1) logger?.warn({ err: error, failed: counters.failed }, 'access log: record dropped');
    }
  };

  return {
    mode,
    append(input) {
      switch (mode) {
        case 'strict':
          return appendStrict(input);
        case 'best-effort':
          appendBestEffort(input);
          return Promise.resolve();
        default:
          return assertNever(mode);
      }
    },
    query: (args) => queryRecords(db, args),
    verify: (verifyOptions) => verifyChain(db, verifyOptions),
    flush: () => committer.flush(),
    async close() {
      lifecycle = { state: 'closed' };
      await committer.flush();
    },
    stats: () => ({ ...counters, pending: committer.pending() }),
  };
}

/** Returns whether the tables are known to exist; best-effort tolerates an absent database and retries on write. */
async function prepareSchema(db: PlatformDatabase, mode: AuditMode, logger: Logger | undefined): Promise<boolean> {
  switch (mode) {
    case 'strict':
      await ensureSchema(db).catch((error: unknown) => {
        throw new AuditWriteError(`the access log tables could not be prepared: ${(error as Error).message}`, { cause: error });
      });
      return true;
    case 'best-effort':
      try {
        await ensureSchema(db);
        return true;
      } catch (error) {
        logger?.warn({ err: error }, 'access log: tables not prepared yet; retrying on first write');
        return false;
      }
    default:
      return assertNever(mode);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected audit mode: ${String(value)}`);
}

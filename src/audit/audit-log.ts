/** The access log service: group-committed appends, queries and verification over the platform database. */
import type { Logger } from '../observability/index.ts';
import type { PlatformDatabase } from '../sources/index.ts';
import { prepareBody, toRecordBody } from './chain.ts';
import type { PreparedBody } from './chain.ts';
import { AuditWriteError } from './errors.ts';
import { createGroupCommitter } from './group-commit.ts';
import { queryRecords } from './query.ts';
import { appendBatch, ensureSchema } from './store.ts';
import type { AccessRecordInput, AuditLog, AuditLogOptions, AuditMode } from './types.ts';
import { verifyChain } from './verify.ts';
import { assertNever } from '../common/index.ts';

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
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError('maxBatch must be a positive integer');
  const schema = { ready: await prepareSchema(options.db, mode, options.logger) };
  const counters: Counters = { appended: 0, failed: 0, batches: 0 };
  const lifecycle: { current: Lifecycle } = { current: { state: 'open' } };
  const committer = createGroupCommitter<PreparedBody>({
    flushIntervalMs: options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS,
    maxBatch,
    write: (bodies) => writeBatch(options, mode, schema, counters, bodies),
  });
  /** A record the log will take now, or an AuditWriteError saying why not. */
  const accept = (input: AccessRecordInput): PreparedBody => {
    if (lifecycle.current.state === 'closed') throw new AuditWriteError('the access log is closed');
    if (mode === 'best-effort' && committer.pending() >= maxBatch * BEST_EFFORT_BACKLOG_BATCHES) {
      throw new AuditWriteError('the access log backlog is full');
    }
    try {
      return prepareBody(toRecordBody(input, options.redactKeys));
    } catch (error) {
      throw new AuditWriteError(`invalid access record: ${(error as Error).message}`, { cause: error });
    }
  };
  return {
    mode,
    append: (input) => appendInMode(mode, () => committer.submit(accept(input)), counters, options.logger),
    query: (args) => queryRecords(options.db, args),
    verify: (verifyOptions) => verifyChain(options.db, verifyOptions),
    flush: () => committer.flush(),
    async close() {
      lifecycle.current = { state: 'closed' };
      await committer.flush();
    },
    stats: () => ({ ...counters, pending: committer.pending() }),
  };
}

/** strict hands the outcome to the caller; best-effort resolves now and only counts (and logs) failures. */
function appendInMode(mode: AuditMode, submit: () => Promise<void>, counters: Counters, logger: Logger | undefined): Promise<void> {
  switch (mode) {
    case 'strict':
      try {
        return submit();
      } catch (refused) {
        counters.failed += 1;
        return Promise.reject(refused);
      }
    case 'best-effort':
      try {
        submit().catch(() => {}); // a failed batch is counted and logged by writeBatch
      } catch (refused) {
        counters.failed += 1;
        if (counters.failed % 1000 === 1) logger?.warn({ err: refused, failed: counters.failed }, 'access log: record dropped');
      }
      return Promise.resolve();
    default:
      return assertNever(mode, 'audit mode');
  }
}

async function writeBatch(options: AuditLogOptions, mode: AuditMode, schema: { ready: boolean }, counters: Counters, bodies: PreparedBody[]): Promise<void> {
  try {
    if (!schema.ready) schema.ready = (await ensureSchema(options.db), true);
    await appendBatch(options.db, bodies);
    counters.appended += bodies.length;
    counters.batches += 1;
  } catch (error) {
    counters.failed += bodies.length;
    options.logger?.error({ err: error, records: bodies.length, mode }, 'access log: batch not written');
    throw new AuditWriteError(`access records could not be written: ${(error as Error).message}`, { cause: error });
  }
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
      return assertNever(mode, 'audit mode');
  }
}

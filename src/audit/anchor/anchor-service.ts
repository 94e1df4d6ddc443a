/**
 * The anchor in a running gateway: a digest every `digestIntervalMs` (and a last one at close, after
 * the access log is flushed), and, with a retention period, the archive run every `archiveIntervalMs`.
 * Tasks of one gateway run one after the other; across gateways the digest lock serialises them.
 * A failed task is logged and tried again at the next tick, never thrown into the server.
 */
import type { Logger } from '../../observability/index.ts';
import type { ObjectStore, PlatformDatabase } from '../../sources/index.ts';
import { archiveRecords, type ArchivedRange } from './archive.ts';
import { writeDigests } from './digest-writer.ts';
import type { SigningKey } from './signing-key.ts';

export const DEFAULT_ARCHIVE_INTERVAL_MS = 3_600_000;

export interface AuditAnchorOptions {
  db: PlatformDatabase;
  store: ObjectStore;
  /** Absent: no digests (the services profile without MESHGATE_AUDIT_SIGNING_KEY_FILE). */
  signingKey?: SigningKey;
  digestIntervalMs: number;
  /** Absent: records are kept in the table forever. */
  retentionDays?: number;
  archiveIntervalMs?: number;
  /** Resolves once every record appended so far is written (the access log's `flush`). */
  flush(): Promise<void>;
  logger?: Logger;
}

export interface AuditAnchor {
  readonly digestsOn: boolean;
  /** Flushes the log, then signs what is new; the keys written. */
  writeDigests(): Promise<string[]>;
  archive(): Promise<ArchivedRange[]>;
  /** Stops the timers, then writes the last digest. */
  close(): Promise<void>;
}

export function startAuditAnchor(options: AuditAnchorOptions): AuditAnchor {
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task);
    queue = run.catch(() => {});
    return run;
  };
  const digest = () =>
    serial(async () => {
      if (!options.signingKey) return [];
      await options.flush();
      return writeDigests({ db: options.db, store: options.store, key: options.signingKey, logger: options.logger });
    });
  const archive = () =>
    serial(async () => {
      if (options.retentionDays === undefined) return [];
      const anchored = options.signingKey !== undefined;
      return archiveRecords({ db: options.db, store: options.store, retentionDays: options.retentionDays, anchored, logger: options.logger });
    });
  const logged = (what: string, task: () => Promise<unknown>) => () =>
    void task().catch((error: unknown) => options.logger?.error({ err: error }, `access log: ${what} failed; trying again at the next tick`));
  const timers = [
    options.signingKey ? setInterval(logged('digest', digest), options.digestIntervalMs) : undefined,
    options.retentionDays !== undefined ? setInterval(logged('archive', archive), options.archiveIntervalMs ?? DEFAULT_ARCHIVE_INTERVAL_MS) : undefined,
  ];
  for (const timer of timers) timer?.unref();
  return {
    digestsOn: options.signingKey !== undefined,
    writeDigests: digest,
    archive,
    async close() {
      for (const timer of timers) if (timer) clearInterval(timer);
      await digest().catch((error: unknown) => options.logger?.error({ err: error }, 'access log: the last digest could not be written'));
    },
  };
}

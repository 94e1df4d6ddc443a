/**
 * Registered documents (APQ), shared by every gateway of a deployment: a table of the platform
 * database (PostgreSQL, or PGlite in the embedded profile), with a bounded LRU in front of it in
 * each process. It is a cache by contract: an evicted document costs its client one round trip
 * (PERSISTED_QUERY_NOT_FOUND, then the document again), so both tiers are bounded and a database
 * failure is a miss, never a failed request.
 */
import { LRUCache } from 'lru-cache';
import type { Logger } from '../../observability/index.ts';
import type { SqlQueryable } from '../../sources/index.ts';
import { documentHash } from './protocol.ts';

export const CREATE_PERSISTED_DOCUMENTS = `CREATE TABLE IF NOT EXISTS meshgate_persisted_documents (
  hash text PRIMARY KEY,
  document text NOT NULL,
  registered_at timestamptz NOT NULL DEFAULT now(),
  used_at timestamptz NOT NULL DEFAULT now()
)`;
const CREATE_USED_AT_INDEX = 'CREATE INDEX IF NOT EXISTS meshgate_persisted_documents_used_at ON meshgate_persisted_documents (used_at)';

/** Longer texts still run but are not registered, so one registration stays small. */
export const MAX_PERSISTED_DOCUMENT_CHARS = 100_000;

export interface PersistedDocumentStore {
  get(hash: string): Promise<string | undefined>;
  /** Stores `document` under `hash` (its SHA-256); over the bound the least recently used go. */
  put(hash: string, document: string): Promise<void>;
}

export interface PersistedDocumentStoreOptions {
  db: SqlQueryable;
  logger: Logger;
  /** Documents kept in this process (LRU). */
  cacheEntries: number;
  /** Documents kept in the database; registering past it deletes the least recently used. */
  maxStored: number;
}

export async function createPersistedDocumentStore(options: PersistedDocumentStoreOptions): Promise<PersistedDocumentStore> {
  const { db, logger } = options;
  await db.query(CREATE_PERSISTED_DOCUMENTS);
  await db.query(CREATE_USED_AT_INDEX);
  const cache = new LRUCache<string, string>({ max: options.cacheEntries });
  return {
    async get(hash) {
      const cached = cache.get(hash);
      if (cached !== undefined) return cached;
      const document = await storedDocument(db, hash).catch((error) => {
        logger.warn({ err: error, hash }, 'persisted documents unavailable: answered as a miss');
        return undefined;
      });
      // A row whose text is not its hash's (edited by hand) is not served.
      if (document === undefined || documentHash(document) !== hash) return undefined;
      cache.set(hash, document);
      return document;
    },
    async put(hash, document) {
      if (document.length > MAX_PERSISTED_DOCUMENT_CHARS || documentHash(document) !== hash) return;
      cache.set(hash, document);
      await storeDocument(db, hash, document, options.maxStored).catch((error) =>
        logger.warn({ err: error, hash }, 'persisted document not registered: kept in this process only'),
      );
    },
  };
}

/** A hit marks the row used, which is what keeps it from eviction. */
async function storedDocument(db: SqlQueryable, hash: string): Promise<string | undefined> {
  const rows = await db.query<{ document: string }>('UPDATE meshgate_persisted_documents SET used_at = now() WHERE hash = $1 RETURNING document', [hash]);
  return rows[0]?.document;
}

async function storeDocument(db: SqlQueryable, hash: string, document: string, maxStored: number): Promise<void> {
  await db.query('INSERT INTO meshgate_persisted_documents (hash, document) VALUES ($1, $2) ON CONFLICT (hash) DO UPDATE SET used_at = now()', [
    hash,
    document,
  ]);
  await db.query(
    `DELETE FROM meshgate_persisted_documents WHERE hash IN (
       SELECT hash FROM meshgate_persisted_documents ORDER BY used_at DESC, hash OFFSET $1)`,
    [maxStored],
  );
}

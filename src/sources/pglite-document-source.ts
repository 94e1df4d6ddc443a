import type { PGlite } from '@electric-sql/pglite';
import type { RecordSource } from './port.ts';
import { pgliteExecutor } from './pglite-source.ts';
import { jsonbDocuments } from './sql/jsonb-documents.ts';
import { createSqlRecordSource } from './sql/sql-source.ts';

export interface PgliteDocumentSourceOptions {
  /** Shared PGlite instance; the caller closes it. */
  db: PGlite;
}

/**
 * The embedded stand-in for MongoDB: each collection is a table
 * `(id text primary key, doc jsonb)`, filtered and sorted by the same SQL
 * compiler as the relational adapters, reading fields out of `doc`.
 */
export function createPgliteDocumentSource(options: PgliteDocumentSourceOptions): RecordSource {
  return createSqlRecordSource({
    adapter: 'pglite-document',
    serves: 'mongo',
    strategyFor: (spec) => jsonbDocuments(spec),
    executor: pgliteExecutor(options.db, false),
  });
}

/**
 * Record sources: the port the operational plane reads entity rows through,
 * and its four adapters. Every adapter passes `test/contract/record-source.contract.ts`.
 */
export type {
  CollectionSpec,
  ComparisonOp,
  FieldSpec,
  Filter,
  FindByValuesQuery,
  FindQuery,
  RecordSource,
  Row,
  ScalarType,
  SortKey,
  StatementEvent,
  StatementListener,
  Value,
} from './port.ts';
export { SourceError, UnsupportedFilterError } from './port.ts';

export type { PostgresSourceOptions } from './postgres-source.ts';
export type { PostgresConnection, PostgresTls } from './postgres-connection.ts';
export { pgConnectionConfig } from './postgres-connection.ts';
export { createPostgresSource } from './postgres-source.ts';
export type { PgliteSourceOptions } from './pglite-source.ts';
export { createPgliteSource } from './pglite-source.ts';
export type { PgliteDocumentSourceOptions } from './pglite-document-source.ts';
export { createPgliteDocumentSource } from './pglite-document-source.ts';
export type { MongoSourceOptions } from './mongo/mongo-source.ts';
export { createMongoSource } from './mongo/mongo-source.ts';

export type { PlatformDatabase, SqlQueryable } from './platform-database.ts';
export { createPglitePlatformDatabase, createPostgresPlatformDatabase } from './platform-database.ts';

export * from './broker/index.ts';
export * from './object-store/index.ts';
export type { RenderedFilter } from './explain-filter.ts';
export { renderFilter } from './explain-filter.ts';

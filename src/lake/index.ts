/**
 * The lake plane: datasets, event ingestion (HTTP, Segment, GraphQL), the
 * Kafka→S3 Parquet sink with its partition catalog, and lake reads.
 */
export * from './datasets/index.ts';
export * from './ingest/index.ts';
export * from './catalog/index.ts';
export * from './sink/index.ts';
export * from './read/index.ts';
export * from './live/index.ts';
export * from './retention/index.ts';

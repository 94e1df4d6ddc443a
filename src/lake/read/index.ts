/**
 * Lake reads: per dataset its schema, partitions, typed records (DuckDB over
 * the lake's Parquet with pruning, predicate pushdown and policies in the
 * scan) and presigned downloads. `lakeSdl` merges into the domain subgraph;
 * `lakeResolvers` provides its resolvers.
 */
export type { LakeReadOptions } from './resolvers.ts';
export type { DatasetTypeNames } from './naming.ts';
export { lakeResolvers } from './resolvers.ts';
export { lakeSdl, LAKE_SHARED_SDL } from './sdl.ts';
export { datasetTypeNames, lakeTypeName } from './naming.ts';
export { duckWhere, keysetAfter } from './duck-filter.ts';
export type { ObjectCache, ObjectCacheOptions } from './object-cache.ts';
export { createObjectCache, LakeCacheClosedError, LakeObjectMissingError } from './object-cache.ts';
export { collectionSpecOf as datasetCollectionSpec } from './scan.ts';

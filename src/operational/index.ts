/** The operational plane: entity subgraphs over record sources, and seeding. */
export type { LocalSubgraph, OperationalSubgraphOptions, PlaneParts } from './subgraph.ts';
export type { SourceResolver } from './entity-runtime.ts';
export type { SeedOptions, SeedProgress } from './seed.ts';
export { buildOperationalSubgraph, operationalPlane } from './subgraph.ts';
export { collectionSpecOf } from './collection-spec.ts';
export { FEDERATION_LINK, operationalSdl } from './sdl.ts';
export { ensureCollections, needsSeed, seedDataProducts } from './seed.ts';

/** The operational plane: entity subgraphs over record sources, and seeding. */
export type { LocalSubgraph, OperationalSubgraphOptions, PlaneParts } from './subgraph.ts';
export type { SourceResolver } from './entity-runtime.ts';
export type { SeedOptions, SeedProgress } from './seed.ts';
export { buildOperationalSubgraph, operationalPlane } from './subgraph.ts';
export { collectionSpecOf } from './collection-spec.ts';
export { FEDERATION_LINK, operationalSdl } from './sdl.ts';
export { DateTimeScalar, JSONScalar } from './scalars.ts';
export { ensureCollections, needsSeed, seedDataProducts } from './seed.ts';
export { namespaceTypeName, pluralFieldName, singularFieldName } from './naming.ts';
export type { FieldCheck, OperationalAccess, ReadTouch } from './access.ts';
export { filterFromWhere, sortKeysFrom, pageSize, badUserInput } from './arguments.ts';
export { SHARED_SDL, FILTER_OPERATORS, filterInputName } from './sdl-shared.ts';
export { encodeCursor, decodeCursor, cursorSortFields } from './cursor.ts';
export type { FieldUse, QueryArguments } from './hidden-fields.ts';
export { fieldUses, hiddenUses, hiddenFieldError } from './hidden-fields.ts';
export { containsNul, nulInputError, nulPath } from './text-input.ts';

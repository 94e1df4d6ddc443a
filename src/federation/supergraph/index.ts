export type { CompositeKind, CompositeTypeModel, FieldModel, KeyModel, SupergraphModel } from './model-types.ts';
export { buildSupergraphModel, parseFieldSet } from './build-model.ts';
export { buildApiSchema } from './api-schema.ts';

/** The data-product SDK: what domain teams import to describe their domain. */
export type {
  Classification,
  CubeDescriptor,
  DataProduct,
  DataProductDescriptor,
  DatasetDescriptor,
  EntityDescriptor,
  FieldDescriptor,
  FieldType,
  ModelDescriptor,
  OperationalPlane,
  OperationalSource,
  Owner,
  PipelineDescriptor,
  RelationDescriptor,
  SeedBatch,
  SeedContext,
  SeedGenerator,
} from './descriptor-types.ts';
export type { DescriptorIssue } from './descriptor-error.ts';
export { DescriptorError } from './descriptor-error.ts';
export { defineDataProduct } from './define-data-product.ts';
export { validateMesh } from './validate-mesh.ts';
export type { EventSeedContext, SeedEventBatch } from './descriptor-types.ts';

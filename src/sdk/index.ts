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

export type {
  CheckDescriptor,
  PipelineDescriptor,
  PipelinePartitioning,
  PipelinePrincipal,
  StepDescriptor,
  StepInput,
  StepOutput,
} from './pipeline-types.ts';
export type { Aggregate, ColumnSchema, PlanNode, RelationSchema, Row, RowFunction, SortSpec, WindowFunction } from './relation/plan.ts';
export type { ArithmeticOp, CompareOp, Expr, ExprLike, Grain, Literal } from './relation/expr.ts';
export type { FieldCondition, Where, WhereValue } from './relation/where.ts';
export { WHERE_OPERATORS } from './relation/where.ts';
export type { RowFieldDeclaration, SortInput } from './relation/relation.ts';
export { Relation } from './relation/relation.ts';
export { PlanError } from './relation/schema.ts';
export {
  add,
  and,
  caseWhen,
  coalesce,
  col,
  dateTrunc,
  div,
  eq,
  gt,
  gte,
  isNull,
  lit,
  lt,
  lte,
  mul,
  ne,
  not,
  or,
  partitionEnd,
  partitionStart,
  sub,
  toDate,
} from './relation/expr.ts';
export { avg, count, countDistinct, lag, lead, max, min, rowNumber, runningCount, runningSum, sum } from './relation/functions.ts';
export type { BuiltStep, StepBuild } from './validate-pipelines.ts';
export { buildStep } from './validate-pipelines.ts';
export type { Mesh, ResolvedInput, ResolvedOutput } from './pipeline-inputs.ts';
export { EVENT_ID, datasetReadSchema, entitySchema } from './pipeline-inputs.ts';
export { stepOrder } from './step-graph.ts';

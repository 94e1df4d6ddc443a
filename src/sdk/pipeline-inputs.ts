/**
 * What a step's inputs and output name, resolved against the descriptors:
 * a dataset, an entity or another step, with the schema a symbolic input
 * relation gets (and the schema a step's transform must produce).
 * Cross-domain names resolve only when the mesh is known (`validateMesh`).
 */
import type { DataProductDescriptor, DatasetDescriptor, EntityDescriptor, FieldDescriptor } from './descriptor-types.ts';
import type { StepInput, StepOutput } from './pipeline-types.ts';
import type { ColumnSchema, RelationSchema } from './relation/schema.ts';
import { list } from './validate-references.ts';

/** The envelope id column every lake dataset's records carry. */
export const EVENT_ID = 'eventId';

export type ResolvedInput =
  | { kind: 'dataset'; domain: string; name: string; descriptor: DatasetDescriptor; partitions: number; schema: RelationSchema }
  | { kind: 'entity'; domain: string; name: string; descriptor: EntityDescriptor; schema: RelationSchema }
  | { kind: 'step'; domain: string; pipeline: string; step: string; schema: RelationSchema };

export type Resolution<T> = { kind: 'ok'; value: T } | { kind: 'error'; message: string } | { kind: 'deferred' };

export type Mesh = ReadonlyMap<string, DataProductDescriptor>;

function column(field: FieldDescriptor, nullable = field.nullable ?? true): ColumnSchema {
  return { type: field.type, nullable, list: field.list ?? false, classification: [...(field.classification ?? [])].sort() };
}

/** A dataset's records as read from the lake: `eventId` first, the event time never null. */
export function datasetReadSchema(dataset: DatasetDescriptor): RelationSchema {
  const schema: Record<string, ColumnSchema> = { [EVENT_ID]: { type: 'ID', nullable: false, list: false, classification: [] } };
  for (const [name, field] of Object.entries(dataset.fields)) schema[name] = column(field, name === dataset.eventTime || name === EVENT_ID ? false : undefined);
  return schema;
}

/** What a step writing the dataset must produce: its declared fields (`eventId` is generated when not declared). */
export function datasetWriteSchema(dataset: DatasetDescriptor): RelationSchema {
  const schema: Record<string, ColumnSchema> = {};
  for (const [name, field] of Object.entries(dataset.fields)) schema[name] = column(field, name === dataset.eventTime ? false : undefined);
  return schema;
}

export function entitySchema(entity: EntityDescriptor): RelationSchema {
  const schema: Record<string, ColumnSchema> = {};
  for (const [name, field] of Object.entries(entity.fields)) schema[name] = column(field, name === entity.key ? false : undefined);
  return schema;
}

/** `name` or `domain.name` → the owning domain's descriptor and the local name. */
function locate(self: DataProductDescriptor, qualified: string, parts: number, mesh: Mesh | undefined): Resolution<[DataProductDescriptor, string]> {
  const pieces = qualified.split('.');
  if (pieces.length === parts - 1) return { kind: 'ok', value: [self, qualified] };
  if (pieces.length !== parts) return { kind: 'error', message: `${qualified} is not a valid name here` };
  const [domain, ...rest] = pieces;
  if (domain === self.name) return { kind: 'ok', value: [self, rest.join('.')] };
  if (!mesh) return { kind: 'deferred' };
  const product = mesh.get(domain!);
  if (!product) return { kind: 'error', message: `names unknown domain ${domain}; domains are: ${[...mesh.keys()].join(', ')}` };
  return { kind: 'ok', value: [product, rest.join('.')] };
}

export function resolveInput(self: DataProductDescriptor, pipeline: string, input: StepInput, mesh: Mesh | undefined): Resolution<ResolvedInput> {
  if ('dataset' in input) {
    const where = locate(self, input.dataset, 2, mesh);
    if (where.kind !== 'ok') return where;
    const [product, name] = where.value;
    const datasets = product.lake?.datasets ?? {};
    const descriptor = Object.hasOwn(datasets, name) ? datasets[name] : undefined;
    if (!descriptor) return { kind: 'error', message: `names unknown dataset ${name} of ${product.name}; its datasets are: ${list(datasets)}` };
    const schema = datasetReadSchema(descriptor);
    return { kind: 'ok', value: { kind: 'dataset', domain: product.name, name, descriptor, partitions: input.window?.partitions ?? 1, schema } };
  }
  if ('entity' in input) {
    const where = locate(self, input.entity, 2, mesh);
    if (where.kind !== 'ok') return where;
    const [product, name] = where.value;
    const entities = product.operational?.entities ?? {};
    const descriptor = Object.hasOwn(entities, name) ? entities[name] : undefined;
    if (!descriptor) return { kind: 'error', message: `names unknown entity ${name} of ${product.name}; its entities are: ${list(entities)}` };
    return { kind: 'ok', value: { kind: 'entity', domain: product.name, name, descriptor, schema: entitySchema(descriptor) } };
  }
  return resolveStepInput(self, pipeline, input.step, mesh);
}

function resolveStepInput(self: DataProductDescriptor, pipeline: string, step: string, mesh: Mesh | undefined): Resolution<ResolvedInput> {
  const local = !step.includes('.');
  const where = local ? ({ kind: 'ok', value: [self, `${pipeline}.${step}`] } as const) : locate(self, step, 3, mesh);
  if (where.kind !== 'ok') return where;
  const [product, name] = where.value;
  const [pipelineName, stepName] = name.split('.') as [string, string];
  const target = product.pipelines?.[pipelineName];
  if (!target)
    return { kind: 'error', message: `names unknown pipeline ${pipelineName} of ${product.name}; its pipelines are: ${list(product.pipelines ?? {})}` };
  const descriptor = Object.hasOwn(target.steps, stepName) ? target.steps[stepName] : undefined;
  if (!descriptor) return { kind: 'error', message: `names unknown step ${stepName} of pipeline ${pipelineName}; its steps are: ${list(target.steps)}` };
  const output = resolveOutput(product, descriptor.output);
  if (output.kind !== 'ok') return { kind: 'error', message: `reads step ${name} of ${product.name}, whose output is invalid` };
  return { kind: 'ok', value: { kind: 'step', domain: product.name, pipeline: pipelineName, step: stepName, schema: output.value.readSchema } };
}

export type ResolvedOutput =
  | { kind: 'dataset'; name: string; descriptor: DatasetDescriptor; writeSchema: RelationSchema; readSchema: RelationSchema }
  | { kind: 'entity'; name: string; descriptor: EntityDescriptor; writeSchema: RelationSchema; readSchema: RelationSchema };

/** A step writes an asset of its own domain. */
export function resolveOutput(self: DataProductDescriptor, output: StepOutput): Resolution<ResolvedOutput> {
  if ('dataset' in output) {
    const datasets = self.lake?.datasets ?? {};
    const descriptor = Object.hasOwn(datasets, output.dataset) ? datasets[output.dataset] : undefined;
    if (!descriptor)
      return {
        kind: 'error',
        message: `names unknown dataset ${output.dataset}; a step writes a dataset of its own domain, declared in lake.datasets with producedBy; datasets are: ${list(datasets)}`,
      };
    return {
      kind: 'ok',
      value: { kind: 'dataset', name: output.dataset, descriptor, writeSchema: datasetWriteSchema(descriptor), readSchema: datasetReadSchema(descriptor) },
    };
  }
  const entities = self.operational?.entities ?? {};
  const descriptor = Object.hasOwn(entities, output.entity) ? entities[output.entity] : undefined;
  if (!descriptor)
    return { kind: 'error', message: `names unknown entity ${output.entity}; a step upserts an entity of its own domain; entities are: ${list(entities)}` };
  const schema = entitySchema(descriptor);
  return { kind: 'ok', value: { kind: 'entity', name: output.entity, descriptor, writeSchema: schema, readSchema: schema } };
}

import type { DataProduct, DatasetDescriptor, FieldDescriptor } from '../../sdk/index.ts';
import { EVENT_ID_FIELD, type DatasetField, type DatasetRuntime } from './types.ts';

export class DatasetConfigError extends Error {
  readonly code = 'INVALID_DATASET';
  constructor(message: string) {
    super(message);
    this.name = 'DatasetConfigError';
  }
}

/** Every dataset of every product, in product then declaration order. */
export function datasetRuntimes(products: readonly DataProduct[]): DatasetRuntime[] {
  return products.flatMap((product) =>
    Object.entries(product.lake?.datasets ?? {}).map(([name, descriptor]) => datasetRuntime(product.name, name, descriptor)),
  );
}

export function datasetRuntime(domain: string, name: string, descriptor: DatasetDescriptor): DatasetRuntime {
  const fields = runtimeFields(`${domain}.${name}`, descriptor);
  return {
    domain,
    name,
    qualifiedName: `${domain}.${name}`,
    subject: `${domain}.lake.${name}`,
    topic: `${domain}.${name}`,
    descriptor,
    fields,
    fieldsByName: new Map(fields.map((field) => [field.name, field])),
    eventTimeField: descriptor.eventTime,
    keyField: descriptor.keyField,
    idField: EVENT_ID_FIELD,
    partitioning: descriptor.partitioning,
    segmentEvents: [name, `${domain}.${name}`],
    producedBy: descriptor.producedBy,
  };
}

/** The datasets events feed (each has a topic); derived datasets (`producedBy`) are written by pipelines instead. */
export function streamedDatasets(runtimes: readonly DatasetRuntime[]): DatasetRuntime[] {
  return runtimes.filter((runtime) => runtime.producedBy === undefined);
}

/**
 * `eventId` comes first. A descriptor may declare it (to document it); it must
 * then be a non-list ID or String, and it is never null.
 */
function runtimeFields(dataset: string, descriptor: DatasetDescriptor): DatasetField[] {
  const declaredId = descriptor.fields[EVENT_ID_FIELD];
  if (declaredId && (declaredId.list || (declaredId.type !== 'ID' && declaredId.type !== 'String'))) {
    throw new DatasetConfigError(`${dataset}: field ${EVENT_ID_FIELD} is the event id and must be a single ID or String`);
  }
  const idField: DatasetField = {
    ...fieldOf(EVENT_ID_FIELD, declaredId ?? { type: 'ID', description: "The event id: the client's, or one the gateway generated." }),
    nullable: false,
    envelope: declaredId === undefined,
  };
  const others = Object.entries(descriptor.fields)
    .filter(([name]) => name !== EVENT_ID_FIELD)
    .map(([name, field]) => {
      const spec = fieldOf(name, field);
      return name === descriptor.eventTime ? { ...spec, nullable: false } : spec;
    });
  return [idField, ...others];
}

function fieldOf(name: string, field: FieldDescriptor): DatasetField {
  return {
    name,
    type: field.type,
    list: field.list ?? false,
    nullable: field.nullable ?? true,
    classification: [...(field.classification ?? [])],
    ...(field.description === undefined ? {} : { description: field.description }),
    envelope: false,
  };
}

/** Finds a dataset by qualified name (`engagement.viewed`). */
export function datasetIndex(runtimes: readonly DatasetRuntime[]): ReadonlyMap<string, DatasetRuntime> {
  return new Map(runtimes.map((runtime) => [runtime.qualifiedName, runtime]));
}

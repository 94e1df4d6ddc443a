/**
 * What the resolvers need to know of one entity at run time: its descriptor,
 * storage view and the record source that holds its rows.
 */
import type { DataProduct, EntityDescriptor } from '../sdk/index.ts';
import type { CollectionSpec, RecordSource, Value } from '../sources/index.ts';
import { collectionSpecOf } from './collection-spec.ts';
import { groupedLoader } from './loaders.ts';
import type DataLoader from 'dataloader';
import type { Row } from '../sources/index.ts';

/** Picks the record source that serves a descriptor source kind. */
export type SourceResolver = (kind: 'postgres' | 'mongo') => RecordSource;

export interface EntityRuntime {
  domain: string;
  name: string;
  descriptor: EntityDescriptor;
  spec: CollectionSpec;
  source: RecordSource;
  fieldNames: string[];
  maxPageSize: number;
}

export function entityRuntimes(product: DataProduct, sources: SourceResolver, maxPageSize: number): Map<string, EntityRuntime> {
  const runtimes = new Map<string, EntityRuntime>();
  for (const [name, descriptor] of Object.entries(product.operational?.entities ?? {})) {
    runtimes.set(name, {
      domain: product.name,
      name,
      descriptor,
      spec: collectionSpecOf(descriptor),
      source: sources(descriptor.source.kind),
      fieldNames: Object.keys(descriptor.fields),
      maxPageSize: Math.min(descriptor.maxPageSize ?? maxPageSize, maxPageSize),
    });
  }
  return runtimes;
}

/** Converts a key as it arrives (often a string) to the key field's type. */
export function coerceKey(entity: EntityRuntime, value: unknown): Value {
  const type = entity.descriptor.fields[entity.descriptor.key]!.type;
  return type === 'Int' ? Number(value) : String(value);
}

/** The loader of rows by key: one statement per request and level. */
export function keyLoader(context: unknown, entity: EntityRuntime): DataLoader<Value, Row[]> {
  return groupedLoader(context, {
    source: entity.source,
    spec: entity.spec,
    loaderKey: `${entity.domain}.${entity.name}#key`,
    query: { field: entity.descriptor.key, orderBy: [], fields: entity.fieldNames },
  });
}

export async function loadByKey(context: unknown, entity: EntityRuntime, key: unknown): Promise<Row | null> {
  if (key === null || key === undefined) return null;
  const rows = await keyLoader(context, entity).load(coerceKey(entity, key));
  return rows[0] ?? null;
}

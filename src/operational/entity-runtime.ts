/**
 * What the resolvers need to know of one entity at run time: its descriptor,
 * storage view and record source, and the per-request reads of its rows,
 * always narrowed by the actor's row filter.
 */
import type DataLoader from 'dataloader';
import type { DataProduct, EntityDescriptor } from '../sdk/index.ts';
import type { CollectionSpec, Filter, RecordSource, Row, Value } from '../sources/index.ts';
import { accessOf, deniesEverything } from './access.ts';
import { collectionSpecOf } from './collection-spec.ts';
import { groupedLoader } from './loaders.ts';

/** Picks the record source that serves a descriptor source kind. */
export type SourceResolver = (kind: 'postgres' | 'mongo') => RecordSource;

export interface EntityRuntime {
  domain: string;
  name: string;
  /** The policy subject: `<domain>.<Entity>`. */
  subject: string;
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
      subject: `${product.name}.${name}`,
      descriptor,
      spec: collectionSpecOf(descriptor),
      source: sources(descriptor.source.kind),
      fieldNames: Object.keys(descriptor.fields),
      maxPageSize: Math.min(descriptor.maxPageSize ?? maxPageSize, maxPageSize),
    });
  }
  return runtimes;
}

/** The actor's row filter for reading this entity, recording a denial. */
export function readFilter(context: unknown, entity: EntityRuntime): { filter: Filter; rule?: string } {
  const access = accessOf(context);
  const decided = access.rowFilter(entity.subject);
  if (deniesEverything(decided.filter)) {
    access.touch({ domain: entity.domain, subject: entity.subject, fields: [], rows: 0, decision: 'deny', rule: decided.rule });
  }
  return decided;
}

/** Records rows read (after the store applied the row filter). */
export function recordRows(context: unknown, entity: EntityRuntime, rows: number, rule: string | undefined): void {
  accessOf(context).touch({ domain: entity.domain, subject: entity.subject, fields: [], rows, decision: 'allow', rule });
}

/** Converts a key as it arrives (often a string) to the key field's type. */
export function coerceKey(entity: EntityRuntime, value: unknown): Value {
  const type = entity.descriptor.fields[entity.descriptor.key]!.type;
  return type === 'Int' ? Number(value) : String(value);
}

/** The loader of rows by key, within the row filter: one statement per request and level. */
export function keyLoader(context: unknown, entity: EntityRuntime): DataLoader<Value, Row[]> {
  const { filter, rule } = readFilter(context, entity);
  return groupedLoader(context, {
    source: entity.source,
    spec: entity.spec,
    loaderKey: `${entity.subject}#key`,
    query: { field: entity.descriptor.key, where: filter, orderBy: [], fields: entity.fieldNames },
    onRows: (rows) => recordRows(context, entity, rows.length, rule),
  });
}

/** A row by key, or null when there is none or the actor may not read it. */
export async function loadByKey(context: unknown, entity: EntityRuntime, key: unknown): Promise<Row | null> {
  if (key === null || key === undefined) return null;
  const rows = await keyLoader(context, entity).load(coerceKey(entity, key));
  return rows[0] ?? null;
}

/**
 * A filter as a store would run it, for people: the parameterised SQL WHERE
 * clause (with its parameters) for PostgreSQL-sourced collections, the Mongo
 * filter for document ones. Uses the adapters' own compilers, so what is
 * shown is what runs.
 */
import { compileMongoFilter, type MongoFilter } from './mongo/compile-filter.ts';
import type { CollectionSpec, Filter } from './port.ts';
import { resolveFilter } from './query/resolve-filter.ts';
import { compileSqlFilter } from './sql/compile-filter.ts';
import { SqlParams } from './sql/params.ts';
import { typedColumns } from './sql/typed-columns.ts';

export type RenderedFilter = { kind: 'sql'; where: string; params: unknown[] } | { kind: 'mongo'; filter: MongoFilter };

export function renderFilter(spec: CollectionSpec, filter: Filter, store: 'postgres' | 'mongo'): RenderedFilter {
  const resolved = resolveFilter(store, spec, filter);
  if (store === 'mongo') return { kind: 'mongo', filter: compileMongoFilter(spec, resolved) };
  const params = new SqlParams();
  return { kind: 'sql', where: compileSqlFilter(resolved, typedColumns, params), params: params.values };
}

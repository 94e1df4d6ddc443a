/**
 * Per-request DataLoaders: every relation, reference and by-key read in one
 * request and one nesting level becomes one `findByValues` call, whatever
 * the number of parent rows. Loaders live on the request context (a WeakMap
 * keyed by it), never in module state.
 */
import DataLoader from 'dataloader';
import { deniesEverything } from './access.ts';
import type { CollectionSpec, FindByValuesQuery, RecordSource, Row, Value } from '../sources/index.ts';

const perRequest = new WeakMap<object, Map<string, DataLoader<Value, Row[]>>>();

export interface GroupedLoad {
  source: RecordSource;
  spec: CollectionSpec;
  /** The query minus `values`; its JSON (with `loaderKey`) identifies the loader. */
  query: Omit<FindByValuesQuery, 'values'>;
  loaderKey: string;
  /** Called with each batch's rows, e.g. to record what was read. */
  onRows?: (rows: Row[]) => void;
}

/** Rows whose `query.field` equals each requested value, grouped per value. */
export function groupedLoader(context: unknown, load: GroupedLoad): DataLoader<Value, Row[]> {
  const loaders = loadersOf(context);
  let loader = loaders.get(load.loaderKey);
  if (!loader) {
    loader = new DataLoader<Value, Row[], string>((values) => fetchGrouped(load, values), {
      cacheKeyFn: (value) => String(value),
    });
    loaders.set(load.loaderKey, loader);
  }
  return loader;
}

async function fetchGrouped(load: GroupedLoad, values: readonly Value[]): Promise<Row[][]> {
  // Nothing may be read: answer without asking the store.
  if (deniesEverything(load.query.where)) return values.map(() => []);
  const rows = await load.source.findByValues(load.spec, { ...load.query, values: [...values] });
  load.onRows?.(rows);
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = String(row[load.query.field]);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return values.map((v) => groups.get(String(v)) ?? []);
}

function loadersOf(context: unknown): Map<string, DataLoader<Value, Row[]>> {
  if (typeof context !== 'object' || context === null) return new Map();
  let loaders = perRequest.get(context);
  if (!loaders) {
    loaders = new Map();
    perRequest.set(context, loaders);
  }
  return loaders;
}

/**
 * Lake objects on local disk for DuckDB (no httpfs): fetched once with the
 * ObjectStore and kept by key — objects are immutable once their catalog row
 * is complete (a rewrite after a crash writes identical bytes).
 */
import { createHash } from 'node:crypto';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ObjectStore } from '../../sources/index.ts';

export interface ObjectCache {
  /** Local paths of the keys, in the same order; a missing object throws LAKE_OBJECT_MISSING. */
  localPaths(keys: string[]): Promise<string[]>;
}

export class LakeObjectMissingError extends Error {
  readonly code = 'LAKE_OBJECT_MISSING';
  constructor(key: string) {
    super(`lake object ${key} is in the catalog but not in the store`);
    this.name = 'LakeObjectMissingError';
  }
}

export function createObjectCache(store: ObjectStore, dir: string): ObjectCache {
  const inFlight = new Map<string, Promise<string>>();
  const fetchOne = async (key: string): Promise<string> => {
    const path = join(dir, `${createHash('sha256').update(key).digest('hex')}.parquet`);
    if (await stat(path).then(() => true, () => false)) return path;
    const body = await store.get(key);
    if (body === null) throw new LakeObjectMissingError(key);
    await mkdir(dir, { recursive: true });
    const partial = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    await writeFile(partial, body);
    await rename(partial, path);
    return path;
  };
  return {
    localPaths(keys) {
      return Promise.all(keys.map((key) => {
        let pending = inFlight.get(key);
        if (!pending) {
          pending = fetchOne(key).finally(() => inFlight.delete(key));
          inFlight.set(key, pending);
        }
        return pending;
      }));
    },
  };
}

/**
 * Lake objects on local disk for DuckDB (no httpfs), bounded in bytes.
 *
 * - `withLocalPaths(keys, read)` fetches each missing object once (concurrent
 *   reads of one key share the download) and pins every file for as long as
 *   `read` runs: a file a scan is reading is never deleted.
 * - Files are evicted least recently used first once their bytes pass
 *   `maxBytes` (lru-cache does the accounting). An evicted file that is still
 *   pinned is deleted when its last reader unpins, so the directory exceeds
 *   the bound only by files that running scans hold; an object larger than the
 *   whole bound is fetched for its read and deleted after it.
 * - Objects are immutable once their catalog row is complete (a rewrite after
 *   a crash writes identical bytes), so a cached copy never goes stale. Each
 *   download gets a file name of its own, so a key fetched again after its
 *   eviction never collides with the copy a scan may still be reading.
 * - The cache owns its directory, a fresh one under `parentDir`; `close()`
 *   deletes it with every file in it (call it after the last read).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LRUCache } from 'lru-cache';
import type { ObjectStore } from '../../sources/index.ts';

export interface ObjectCacheOptions {
  store: ObjectStore;
  /** The most bytes of cached files kept on disk (`MESHGATE_LAKE_CACHE_BYTES` in the gateway). */
  maxBytes: number;
  /** Where the cache's own directory is created (default: the OS temporary directory). */
  parentDir?: string;
}

export interface ObjectCache {
  /** The directory the cache owns; gone after `close()`. */
  readonly dir: string;
  /** Bytes of the files the cache keeps (not counting evicted files that scans still hold). */
  readonly bytes: number;
  /**
   * Runs `read` with the local paths of `keys`, in the same order, each pinned
   * until `read` settles. A key in the catalog but not in the store throws
   * LAKE_OBJECT_MISSING; after `close()`, LAKE_CACHE_CLOSED.
   */
  withLocalPaths<T>(keys: readonly string[], read: (paths: string[]) => Promise<T>): Promise<T>;
  /** Deletes the directory and every file in it. */
  close(): Promise<void>;
}

export class LakeObjectMissingError extends Error {
  readonly code = 'LAKE_OBJECT_MISSING';
  constructor(key: string) {
    super(`lake object ${key} is in the catalog but not in the store`);
    this.name = 'LakeObjectMissingError';
  }
}

export class LakeCacheClosedError extends Error {
  readonly code = 'LAKE_CACHE_CLOSED';
  constructor() {
    super('the lake object cache is closed');
    this.name = 'LakeCacheClosedError';
  }
}

/** `loading` until downloaded; `cached` while the LRU holds it; `evicted` once it left (deleted when unpinned). */
type EntryState = 'loading' | 'cached' | 'evicted';

interface Entry {
  key: string;
  path: string;
  bytes: number;
  pins: number;
  state: EntryState;
  ready: Promise<void>;
}

interface CacheState {
  store: ObjectStore;
  maxBytes: number;
  dir: string;
  lru: LRUCache<string, Entry>;
  /** Downloads under way, by key: concurrent readers of a key share one. */
  loading: Map<string, Entry>;
  /** File deletions under way: a read settles them before it returns, so the bound holds when it does. */
  removals: Set<Promise<void>>;
  closed: boolean;
  downloads: number;
}

export function createObjectCache(options: ObjectCacheOptions): ObjectCache {
  const { store, maxBytes } = options;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new RangeError(`object cache maxBytes must be a positive integer, got ${maxBytes}`);
  const parent = options.parentDir ?? tmpdir();
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, 'meshgate-lake-objects-'));
  const lru = new LRUCache<string, Entry>({
    maxSize: maxBytes,
    sizeCalculation: (entry) => Math.max(1, entry.bytes),
    dispose: (entry) => retire(state, entry),
  });
  const state: CacheState = { store, maxBytes, dir, lru, loading: new Map(), removals: new Set(), closed: false, downloads: 0 };
  return {
    dir,
    get bytes() {
      return lru.calculatedSize;
    },
    async withLocalPaths(keys, read) {
      if (state.closed) throw new LakeCacheClosedError();
      const entries = keys.map((key) => acquire(state, key));
      try {
        await Promise.all(entries.map((entry) => entry.ready));
        return await read(entries.map((entry) => entry.path));
      } finally {
        for (const entry of entries) release(state, entry);
        await settleRemovals(state);
      }
    },
    async close() {
      state.closed = true;
      lru.clear();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function acquire(state: CacheState, key: string): Entry {
  const entry = state.lru.get(key) ?? state.loading.get(key) ?? load(state, key);
  entry.pins++;
  return entry;
}

function release(state: CacheState, entry: Entry): void {
  entry.pins--;
  if (entry.pins === 0 && entry.state === 'evicted' && !state.closed) remove(state, entry);
}

/** Called by the LRU when it drops an entry (evicted for room, or cleared at close). */
function retire(state: CacheState, entry: Entry): void {
  entry.state = 'evicted';
  if (entry.pins === 0 && !state.closed) remove(state, entry);
}

function load(state: CacheState, key: string): Entry {
  const name = `${(state.downloads++).toString(36)}-${createHash('sha256').update(key).digest('hex').slice(0, 16)}.parquet`;
  const entry: Entry = { key, path: join(state.dir, name), bytes: 0, pins: 0, state: 'loading', ready: Promise.resolve() };
  state.loading.set(key, entry);
  entry.ready = download(state.store, entry).then(
    () => {
      state.loading.delete(key);
      admit(state, entry);
      return settleRemovals(state);
    },
    (error: unknown) => {
      state.loading.delete(key);
      entry.state = 'evicted';
      throw error;
    },
  );
  return entry;
}

/** A downloaded file joins the LRU (which may evict others), unless it alone is over the bound. */
function admit(state: CacheState, entry: Entry): void {
  if (state.closed || entry.bytes > state.maxBytes) {
    entry.state = 'evicted';
    return;
  }
  entry.state = 'cached';
  state.lru.set(entry.key, entry);
}

/** Deletion errors are ignored: nothing references the file any more, and close() removes the directory. */
function remove(state: CacheState, entry: Entry): void {
  const removal = rm(entry.path, { force: true }).catch(() => {});
  state.removals.add(removal);
  void removal.finally(() => state.removals.delete(removal));
}

async function settleRemovals(state: CacheState): Promise<void> {
  await Promise.all(state.removals);
}

/** Writes the object under a temporary name and renames it, so a path DuckDB opens is always whole. */
async function download(store: ObjectStore, entry: Entry): Promise<void> {
  const body = await store.get(entry.key);
  if (body === null) throw new LakeObjectMissingError(entry.key);
  const partial = `${entry.path}.partial`;
  try {
    await writeFile(partial, body);
    await rename(partial, entry.path);
  } catch (error) {
    await rm(partial, { force: true }).catch(() => {});
    throw error;
  }
  entry.bytes = body.byteLength;
}

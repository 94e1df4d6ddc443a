/**
 * Seeds the data products' demo data through their record sources: creates
 * each collection, then upserts the generator's batches, reporting progress.
 * Upserts make a re-run idempotent.
 */
import type { DataProduct } from '../sdk/index.ts';
import { collectionSpecOf } from './collection-spec.ts';
import type { SourceResolver } from './entity-runtime.ts';

export interface SeedProgress {
  /** Called once with the rows planned per `domain.Entity`. */
  start(planned: Record<string, number>): void;
  /** Called after each batch is written. */
  advance(entity: string, rows: number): void;
  stop(): void;
}

export interface SeedOptions {
  scale: number;
  sources: SourceResolver;
  progress?: SeedProgress;
}

export async function seedDataProducts(products: readonly DataProduct[], options: SeedOptions): Promise<Record<string, number>> {
  const ctx = { scale: options.scale };
  const planned: Record<string, number> = {};
  for (const product of products) {
    for (const [entity, rows] of Object.entries(product.seed?.plannedRows(ctx) ?? {})) planned[`${product.name}.${entity}`] = rows;
  }
  options.progress?.start(planned);
  const written: Record<string, number> = {};
  try {
    for (const product of products) {
      if (!product.seed) continue;
      const entities = product.operational?.entities ?? {};
      const specs = new Map(Object.entries(entities).map(([name, e]) => [name, collectionSpecOf(e)]));
      await ensureCollections([product], options.sources);
      for await (const batch of product.seed.generate(ctx)) {
        const entity = entities[batch.entity];
        if (!entity) throw new Error(`seed of ${product.name} yielded rows for unknown entity ${batch.entity}`);
        await options.sources(entity.source.kind).upsertMany(specs.get(batch.entity)!, batch.rows);
        const key = `${product.name}.${batch.entity}`;
        written[key] = (written[key] ?? 0) + batch.rows.length;
        options.progress?.advance(key, batch.rows.length);
      }
    }
  } finally {
    options.progress?.stop();
  }
  return written;
}

/** Creates every entity's collection (idempotent); for start-up without seeding. */
export async function ensureCollections(products: readonly DataProduct[], sources: SourceResolver): Promise<void> {
  for (const product of products) {
    for (const entity of Object.values(product.operational?.entities ?? {})) {
      await sources(entity.source.kind).ensureCollection(collectionSpecOf(entity));
    }
  }
}

/** True when any seeded entity has no rows yet. */
export async function needsSeed(products: readonly DataProduct[], sources: SourceResolver): Promise<boolean> {
  for (const product of products) {
    if (!product.seed) continue;
    for (const entity of Object.values(product.operational?.entities ?? {})) {
      if ((await sources(entity.source.kind).count(collectionSpecOf(entity))) === 0) return true;
    }
  }
  return false;
}

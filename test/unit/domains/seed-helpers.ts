/** Helpers the domain tests share: run a product's seed and fingerprint its output. */
import { createHash } from 'node:crypto';
import type { DataProduct, SeedBatch } from '../../../src/sdk/index.ts';

export type RowsByEntity = Record<string, Record<string, unknown>[]>;

export async function batchesOf(product: DataProduct, scale: number): Promise<SeedBatch[]> {
  const batches: SeedBatch[] = [];
  for await (const batch of product.seed!.generate({ scale })) batches.push(batch);
  return batches;
}

export async function rowsOf(product: DataProduct, scale: number): Promise<RowsByEntity> {
  const rows: RowsByEntity = {};
  for (const batch of await batchesOf(product, scale)) {
    let list = rows[batch.entity];
    if (!list) {
      list = [];
      rows[batch.entity] = list;
    }
    list.push(...batch.rows);
  }
  return rows;
}

export function countsOf(rows: RowsByEntity): Record<string, number> {
  return Object.fromEntries(Object.entries(rows).map(([entity, list]) => [entity, list.length]));
}

/** SHA-256 over every batch in order; Dates serialise as ISO strings, so the hash covers them exactly. */
export async function seedFingerprint(product: DataProduct, scale: number): Promise<string> {
  const hash = createHash('sha256');
  for await (const batch of product.seed!.generate({ scale })) hash.update(JSON.stringify(batch)).update('\n');
  return hash.digest('hex');
}

/**
 * Groups a lazy stream of rows into seed batches of at most `size` rows, so a
 * generator never holds more than one batch in memory.
 */
import type { SeedBatch } from '../../src/sdk/index.ts';

export const MAX_BATCH_ROWS = 1_000;

export type Row = Record<string, unknown>;

export function* inBatches(entity: string, rows: Iterable<Row>, size = MAX_BATCH_ROWS): Generator<SeedBatch> {
  let batch: Row[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length === size) {
      yield { entity, rows: batch };
      batch = [];
    }
  }
  if (batch.length) yield { entity, rows: batch };
}

/** Rows 1..count of an entity whose row is a pure function of its index. */
export function* rowsByIndex(count: number, makeRow: (index: number) => Row): Generator<Row> {
  for (let index = 1; index <= count; index++) yield makeRow(index);
}

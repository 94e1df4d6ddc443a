/**
 * The row-function layer: a `map` stage over M rows read from Parquet,
 * through `executePlan` (DuckDB scan → JS batches → the function → appended
 * to a DuckDB table), against a bare JS loop applying the same function to
 * the same rows already in memory, and against the same plan without the
 * map (what the DuckDB side alone costs).
 */
import { executePlan } from '../../../src/pipelines/index.ts';
import type { Row } from '../../../src/sdk/index.ts';
import { eventsInput } from './events.ts';
import { median, timeMs } from './stats.ts';

/** The function both sides apply: a gross price and a price band per event. */
export function enrich(row: Row): Row {
  const price = row.price as number;
  return { itemId: row.itemId, userId: row.userId, country: row.country, gross: Math.round(price * 119) / 100, band: price >= 500 ? 'high' : 'low' };
}

const mapPlan = () =>
  eventsInput().map(enrich, {
    fields: { itemId: { type: 'ID' }, userId: { type: 'ID' }, country: { type: 'String' }, gross: { type: 'Float' }, band: { type: 'String' } },
  }).node;

const noMapPlan = () => eventsInput().select('itemId', 'userId', 'country', 'price').node;

function bareLoop(rows: Row[]): Row[] {
  const out = new Array<Row>(rows.length);
  let i = 0;
  for (const row of rows) out[i++] = enrich(row);
  return out;
}

const grossSum = (rows: Row[]): number => rows.reduce((total, row) => total + (row.gross as number), 0);

export interface RowFunctionResult {
  rows: number;
  meshgateMapMs: number;
  planWithoutMapMs: number;
  bareLoopMs: number;
  times: { meshgateMap: number[]; planWithoutMap: number[]; bareLoop: number[] };
}

/** One warm-up each, then `runs` alternating timed runs; both sides' outputs are checked to agree. */
export async function measureRowFunctions(paths: string[], runs: number): Promise<RowFunctionResult> {
  const bindings = { events: { kind: 'parquet' as const, paths } };
  const loaded = await executePlan(eventsInput().node, bindings, { returnRows: true });
  const rows = loaded.rows ?? [];
  const checked = (await executePlan(mapPlan(), bindings, { returnRows: true })).rows ?? [];
  const bare = bareLoop(rows);
  const [a, b] = [grossSum(checked), grossSum(bare)];
  if (checked.length !== bare.length || Math.abs(a - b) > 1e-9 * Math.abs(b)) {
    throw new Error(`row functions: meshgate (${checked.length} rows, Σgross ${a}) and the bare loop (${bare.length}, ${b}) disagree`);
  }
  await executePlan(noMapPlan(), bindings);
  const times = { meshgateMap: [] as number[], planWithoutMap: [] as number[], bareLoop: [] as number[] };
  for (let run = 0; run < runs; run += 1) {
    times.meshgateMap.push(await timeMs(() => executePlan(mapPlan(), bindings)));
    times.planWithoutMap.push(await timeMs(() => executePlan(noMapPlan(), bindings)));
    times.bareLoop.push(await timeMs(() => bareLoop(rows)));
  }
  return {
    rows: rows.length,
    meshgateMapMs: median(times.meshgateMap),
    planWithoutMapMs: median(times.planWithoutMap),
    bareLoopMs: median(times.bareLoop),
    times,
  };
}

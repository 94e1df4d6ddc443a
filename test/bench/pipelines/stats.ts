/** Small statistics and timing helpers of the pipelines bench. */
import { performance } from 'node:perf_hooks';

/** The value at quantile `q` (0..1) of `values`, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

/** Milliseconds `work` took. */
export async function timeMs(work: () => Promise<unknown> | unknown): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** One warm-up, then `runs` timed runs of `work` (in milliseconds). */
export async function timedRuns(runs: number, work: (run: number) => Promise<unknown> | unknown): Promise<number[]> {
  await work(-1);
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) times.push(await timeMs(() => work(run)));
  return times;
}

export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

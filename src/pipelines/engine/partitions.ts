/**
 * Time partitions, aligned with the lake's: 'YYYY-MM-DD' for day pipelines,
 * 'YYYY-MM-DDTHH' (UTC) for hour pipelines, none (null) for unpartitioned ones.
 */
import { assertNever } from '../../common/index.ts';
import { badPipelineInput } from './errors.ts';
import type { Partitioning } from './types.ts';

/** The most partitions one run (a backfill) may cover: ten years of days. */
export const MAX_PARTITIONS = 3660;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const HOUR = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})$/;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export function partitionFormat(partitioning: Partitioning): string {
  switch (partitioning) {
    case 'day':
      return "'YYYY-MM-DD'";
    case 'hour':
      return "'YYYY-MM-DDTHH' (UTC)";
    case 'none':
      return 'none (the pipeline is unpartitioned)';
    default:
      return assertNever(partitioning);
  }
}

/** The partition's start, or null when `value` is not a valid partition of `partitioning`. */
export function partitionStart(partitioning: Partitioning, value: string): Date | null {
  const match = (partitioning === 'day' ? DAY : partitioning === 'hour' ? HOUR : null)?.exec(value);
  if (!match) return null;
  const [, y, m, d, h = '00'] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d), Number(h)));
  return formatPartition(partitioning, date) === value ? date : null;
}

export function formatPartition(partitioning: Partitioning, date: Date): string | null {
  switch (partitioning) {
    case 'day':
      return date.toISOString().slice(0, 10);
    case 'hour':
      return date.toISOString().slice(0, 13);
    case 'none':
      return null;
    default:
      return assertNever(partitioning);
  }
}

/** Checks each partition; unpartitioned pipelines take none and run the single unit (null). */
export function checkPartitions(partitioning: Partitioning, values: readonly string[], argument: string): (string | null)[] {
  if (partitioning === 'none') {
    if (values.length > 0) throw badPipelineInput(`The pipeline is unpartitioned: give no partition (format: ${partitionFormat('none')}).`, argument);
    return [null];
  }
  if (values.length > MAX_PARTITIONS) throw badPipelineInput(`At most ${MAX_PARTITIONS} partitions per run.`, argument);
  for (const value of values) {
    if (partitionStart(partitioning, value) === null) {
      throw badPipelineInput(`Bad partition ${JSON.stringify(value)}: the format is ${partitionFormat(partitioning)}.`, argument);
    }
  }
  return [...new Set(values)].sort();
}

/** Every partition from `from` to `to`, both included. */
export function partitionRange(partitioning: Partitioning, from: string, to: string): string[] {
  if (partitioning === 'none') throw badPipelineInput('The pipeline is unpartitioned: there is no range to backfill.', 'from');
  const start = partitionStart(partitioning, from);
  if (!start) throw badPipelineInput(`Bad partition ${JSON.stringify(from)}: the format is ${partitionFormat(partitioning)}.`, 'from');
  const end = partitionStart(partitioning, to);
  if (!end) throw badPipelineInput(`Bad partition ${JSON.stringify(to)}: the format is ${partitionFormat(partitioning)}.`, 'to');
  if (start > end) throw badPipelineInput(`from (${from}) is after to (${to}).`, 'from');
  const step = partitioning === 'day' ? DAY_MS : HOUR_MS;
  const count = Math.round((end.getTime() - start.getTime()) / step) + 1;
  if (count > MAX_PARTITIONS) throw badPipelineInput(`The range holds ${count} partitions; at most ${MAX_PARTITIONS} per backfill.`, 'to');
  return Array.from({ length: count }, (_, i) => formatPartition(partitioning, new Date(start.getTime() + i * step)) as string);
}

/** The partition that closed last at `at`: yesterday for day pipelines, the previous hour for hour ones. */
export function closedPartition(partitioning: Partitioning, at: Date): string | null {
  switch (partitioning) {
    case 'day':
      return formatPartition('day', new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS - DAY_MS));
    case 'hour':
      return formatPartition('hour', new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS - HOUR_MS));
    case 'none':
      return null;
    default:
      return assertNever(partitioning);
  }
}

/**
 * Partitions of a partitioned pipeline, aligned with lake partitions: a day
 * (`2026-11-01`, UTC) or an hour (`2026-11-01T07`). A dataset input with
 * `window: { partitions: n }` reads the partition and the n-1 before it.
 */
import type { PipelinePartitioning } from '../../sdk/index.ts';
import type { PartitionBounds } from './expr-sql.ts';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const HOUR = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})$/;

export class PartitionError extends Error {
  readonly code = 'INVALID_PARTITION';
}

const GRAIN_MS = { day: 86_400_000, hour: 3_600_000 } as const;

export function partitionBounds(partitioning: Exclude<PipelinePartitioning, 'none'>, partition: string): PartitionBounds {
  const match = (partitioning === 'day' ? DAY : HOUR).exec(partition);
  const start = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4] ?? 0))) : undefined;
  if (!start || start.toISOString().slice(0, partitioning === 'day' ? 10 : 13) !== partition) {
    throw new PartitionError(
      `partition ${JSON.stringify(partition)} is not a ${partitioning}: use ${partitioning === 'day' ? '2026-11-01' : '2026-11-01T07'} (UTC)`,
    );
  }
  return { start, end: new Date(start.getTime() + GRAIN_MS[partitioning]) };
}

/** The time range a windowed input reads: `partitions` partitions ending with this one. */
export function windowBounds(partitioning: Exclude<PipelinePartitioning, 'none'>, bounds: PartitionBounds, partitions: number): PartitionBounds {
  return { start: new Date(bounds.start.getTime() - (partitions - 1) * GRAIN_MS[partitioning]), end: bounds.end };
}

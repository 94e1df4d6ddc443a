/**
 * Deterministic object names: the same messages always map to the same key,
 * so rewriting a flush after a crash replaces its objects instead of adding
 * new ones. `<domain>/<dataset>/dt=YYYY-MM-DD[/hour=HH]/<partition>-<first>-<last>.parquet`.
 */
import type { DatasetRuntime } from '../datasets/index.ts';
import { assertNever } from '../../common/index.ts';

export interface TimePartition {
  /** `YYYY-MM-DD` in UTC. */
  dt: string;
  /** Hour of day in UTC when the dataset partitions by hour. */
  hour: number | null;
}

export function timePartitionOf(runtime: Pick<DatasetRuntime, 'partitioning'>, time: Date): TimePartition {
  const iso = time.toISOString();
  switch (runtime.partitioning) {
    case 'day':
      return { dt: iso.slice(0, 10), hour: null };
    case 'hour':
      return { dt: iso.slice(0, 10), hour: time.getUTCHours() };
    default:
      return assertNever(runtime.partitioning, 'partitioning');
  }
}

/** `dt=2025-01-31` or `dt=2025-01-31/hour=07`: the folder of a partition, also how the API names it. */
export function partitionPath(partition: TimePartition): string {
  return partition.hour === null ? `dt=${partition.dt}` : `dt=${partition.dt}/hour=${String(partition.hour).padStart(2, '0')}`;
}

export function objectKeyOf(
  runtime: Pick<DatasetRuntime, 'domain' | 'name'>,
  partition: TimePartition,
  brokerPartition: number,
  firstOffset: string,
  lastOffset: string,
): string {
  return `${runtime.domain}/${runtime.name}/${partitionPath(partition)}/${brokerPartition}-${firstOffset}-${lastOffset}.parquet`;
}

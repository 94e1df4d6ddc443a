/** What starts pipeline runs besides callers and schedules: partitions landing in the lake. */
export type { LandedPartitionOptions, LandedPartitionTrigger } from './landed-partitions.ts';
export { LANDING_WATERMARK_TABLE, startLandedPartitionTrigger } from './landed-partitions.ts';

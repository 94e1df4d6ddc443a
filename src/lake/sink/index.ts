/**
 * The lake sink: dataset topics → Parquet objects in the lake, exactly once,
 * with the partition catalog as the ledger. `startSink` runs one member of the
 * consumer group; `runSinkCommand` is `meshgate sink` (the CLI hands it the
 * ports the gateway's composition root opened).
 */
export type { Sink, SinkOptions, SinkStats } from './sink.ts';
export type { RollLimits } from './partition-worker.ts';
export type { CrashPoint } from './flush.ts';
export type { SinkMetrics } from './metrics.ts';
export type { TimePartition } from './naming.ts';
export { DEFAULT_ROLL, DEFAULT_SINK_GROUP, startSink } from './sink.ts';
export { objectKeyOf, partitionPath, timePartitionOf } from './naming.ts';
export { duckColumnType, duckFieldType, OFFSET_COLUMN, PARTITION_COLUMN, quoteDuckIdent } from './parquet-writer.ts';
export type { SinkCommandConfig } from './command.ts';
export { runSinkCommand } from './command.ts';

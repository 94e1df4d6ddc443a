/**
 * `meshgate sink`: one sink member that runs until SIGINT/SIGTERM. The caller
 * (the CLI) opens the ports; this owns the lifecycle and the crash switch.
 */
import type { Logger } from '../../observability/index.ts';
import type { EventBroker, ObjectStore, PlatformDatabase } from '../../sources/index.ts';
import type { DatasetRuntime } from '../datasets/index.ts';
import type { Registry } from 'prom-client';
import type { CrashPoint } from './flush.ts';
import type { RollLimits } from './partition-worker.ts';
import { startSink, type Sink } from './sink.ts';

export interface SinkCommandConfig {
  datasets: readonly DatasetRuntime[];
  broker: EventBroker;
  store: ObjectStore;
  db: PlatformDatabase;
  logger: Logger;
  groupId?: string;
  roll?: Partial<RollLimits>;
  metrics?: Registry;
  /** `after-upload:N` or `after-complete:N` (MESHGATE_SINK_CRASH_AT): exit the process at the N-th such point. Tests only. */
  crashAt?: string;
}

/** Starts the sink and resolves once a signal stopped it (buffered events stay uncommitted, read again by the next run). */
export async function runSinkCommand(config: SinkCommandConfig): Promise<void> {
  const crashHook = config.crashAt ? crashSwitch(config.crashAt, config.logger) : undefined;
  const sink: Sink = await startSink({ ...config, ...(crashHook ? { crashHook } : {}) });
  config.logger.info({ groupId: sink.groupId, datasets: config.datasets.map((d) => d.qualifiedName) }, 'lake sink started');
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await sink.stop();
  config.logger.info(sink.stats(), 'lake sink stopped');
}

function crashSwitch(spec: string, logger: Logger): (point: CrashPoint) => void {
  const [point, countText] = spec.split(':');
  const count = Number(countText);
  if ((point !== 'after-upload' && point !== 'after-complete') || !Number.isInteger(count) || count < 1) {
    throw new Error(`MESHGATE_SINK_CRASH_AT must be after-upload:N or after-complete:N, got "${spec}"`);
  }
  let seen = 0;
  return (reached) => {
    if (reached !== point || ++seen < count) return;
    logger.warn({ point, count }, 'lake sink crashing on purpose');
    process.exit(86);
  };
}

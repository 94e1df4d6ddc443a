/**
 * A sink in its own process, configured by the environment, for crash tests
 * and manual runs: `node src/lake/sink/sink-process.ts`.
 * KAFKA_BROKERS, S3_ENDPOINT, S3_BUCKET, S3_REGION, S3_ACCESS_KEY_ID,
 * S3_SECRET_ACCESS_KEY, S3_SSE?, DATABASE_URL; MESHGATE_SINK_DATASETS: JSON
 * `[{ domain, name, descriptor }]`; MESHGATE_SINK_GROUP?, MESHGATE_SINK_MAX_ROWS?,
 * MESHGATE_SINK_MAX_AGE_MS?, MESHGATE_SINK_CRASH_AT? (`after-upload:N`).
 * Prints `sink ready` on stdout once it consumes.
 */
import { createLogger } from '../../observability/index.ts';
import { createKafkaBroker, createPostgresPlatformDatabase, createS3ObjectStore } from '../../sources/index.ts';
import type { DatasetDescriptor } from '../../sdk/index.ts';
import { datasetRuntime } from '../datasets/index.ts';
import { crashSwitch } from './command.ts';
import { startSink } from './sink.ts';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const logger = createLogger({ level: (process.env.LOG_LEVEL as 'info' | undefined) ?? 'warn' });
const specs = JSON.parse(env('MESHGATE_SINK_DATASETS')) as Array<{ domain: string; name: string; descriptor: DatasetDescriptor }>;
const broker = createKafkaBroker({ brokers: env('KAFKA_BROKERS').split(','), clientId: 'meshgate-sink', logger });
const store = createS3ObjectStore({
  endpoint: env('S3_ENDPOINT'), bucket: env('S3_BUCKET'), region: process.env.S3_REGION ?? 'us-east-1',
  accessKeyId: env('S3_ACCESS_KEY_ID'), secretAccessKey: env('S3_SECRET_ACCESS_KEY'),
  ...(process.env.S3_SSE === 'AES256' ? { sse: 'AES256' as const } : {}),
});
const db = createPostgresPlatformDatabase(env('DATABASE_URL'), 4);
const crashAt = process.env.MESHGATE_SINK_CRASH_AT;
const sink = await startSink({
  datasets: specs.map((spec) => datasetRuntime(spec.domain, spec.name, spec.descriptor)),
  broker, store, db, logger,
  ...(process.env.MESHGATE_SINK_GROUP ? { groupId: process.env.MESHGATE_SINK_GROUP } : {}),
  roll: {
    ...(process.env.MESHGATE_SINK_MAX_ROWS ? { maxRows: Number(process.env.MESHGATE_SINK_MAX_ROWS) } : {}),
    ...(process.env.MESHGATE_SINK_MAX_AGE_MS ? { maxAgeMs: Number(process.env.MESHGATE_SINK_MAX_AGE_MS) } : {}),
  },
  ...(crashAt ? { crashHook: crashSwitch(crashAt, logger) } : {}),
});
process.stdout.write('sink ready\n');
const shutdown = async () => {
  await sink.stop();
  await Promise.allSettled([broker.close(), store.close(), db.close()]);
  process.stdout.write(`${JSON.stringify(sink.stats())}\n`);
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);

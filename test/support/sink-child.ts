/**
 * A sink member in its own process, for crash tests: `spawnSinkProcess`
 * (sink-process.ts) runs it. It opens the test services' adapters from the
 * `MESHGATE_TEST_*` variables (Kafka, S3, PostgreSQL) and hands them to
 * `runSinkCommand`, as `meshgate sink` does with the gateway's; it exits 0
 * after SIGTERM/SIGINT, or 86 at `MESHGATE_SINK_CRASH_AT`.
 * MESHGATE_SINK_DATASETS: JSON `[{ domain, name, descriptor }]`;
 * MESHGATE_SINK_GROUP?, MESHGATE_SINK_MAX_ROWS?, MESHGATE_SINK_MAX_AGE_MS?.
 */
import { datasetRuntime, runSinkCommand, type RollLimits } from '../../src/lake/index.ts';
import { createLogger } from '../../src/observability/index.ts';
import type { DatasetDescriptor } from '../../src/sdk/index.ts';
import { createKafkaBroker, createPostgresPlatformDatabase, createS3ObjectStore } from '../../src/sources/index.ts';
import { requireEnv } from './required-env.ts';

const logger = createLogger({ level: 'warn' });
const specs = JSON.parse(requireEnv('MESHGATE_SINK_DATASETS')) as Array<{ domain: string; name: string; descriptor: DatasetDescriptor }>;
const broker = createKafkaBroker({ brokers: requireEnv('MESHGATE_TEST_KAFKA_BROKERS').split(','), clientId: 'meshgate-sink-child', logger });
const store = createS3ObjectStore({
  endpoint: requireEnv('MESHGATE_TEST_S3_ENDPOINT'),
  bucket: requireEnv('MESHGATE_TEST_S3_BUCKET'),
  region: process.env.MESHGATE_TEST_S3_REGION ?? 'us-east-1',
  accessKeyId: requireEnv('MESHGATE_TEST_S3_ACCESS_KEY'),
  secretAccessKey: requireEnv('MESHGATE_TEST_S3_SECRET_KEY'),
});
const db = createPostgresPlatformDatabase(requireEnv('MESHGATE_TEST_DATABASE_URL'), 4);

const roll: Partial<RollLimits> = {
  ...(process.env.MESHGATE_SINK_MAX_ROWS ? { maxRows: Number(process.env.MESHGATE_SINK_MAX_ROWS) } : {}),
  ...(process.env.MESHGATE_SINK_MAX_AGE_MS ? { maxAgeMs: Number(process.env.MESHGATE_SINK_MAX_AGE_MS) } : {}),
};
try {
  await runSinkCommand({
    datasets: specs.map((spec) => datasetRuntime(spec.domain, spec.name, spec.descriptor)),
    broker,
    store,
    db,
    logger,
    roll,
    ...(process.env.MESHGATE_SINK_GROUP ? { groupId: process.env.MESHGATE_SINK_GROUP } : {}),
    ...(process.env.MESHGATE_SINK_CRASH_AT ? { crashAt: process.env.MESHGATE_SINK_CRASH_AT } : {}),
  });
} finally {
  await Promise.allSettled([broker.close(), store.close(), db.close()]);
}
process.exit(0);

/**
 * Opens the lake's ports for a configuration: the event broker (Kafka or the
 * local log) and the object store (S3 or s3rver in process). In-memory data
 * directories (tests) get a fresh temporary directory.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Logger } from '../observability/index.ts';
import { createKafkaBroker, createLocalBroker, createS3ObjectStore, startEmbeddedS3, type EventBroker, type ObjectStore } from '../sources/index.ts';
import type { LakeConfig } from './config.ts';

export interface LakeSources {
  broker: EventBroker;
  store: ObjectStore;
  close(): Promise<void>;
}

export async function openLakeSources(config: LakeConfig, logger: Logger): Promise<LakeSources> {
  const closers: (() => Promise<void>)[] = [];
  const brokerConfig = config.broker;
  const broker =
    brokerConfig.kind === 'kafka'
      ? createKafkaBroker({ brokers: brokerConfig.brokers, ssl: brokerConfig.ssl, sasl: brokerConfig.sasl, clientId: 'meshgate', logger })
      : await createLocalBroker({ dir: realDir(brokerConfig.dir, 'broker'), logger });
  closers.push(() => broker.close());
  let store: ObjectStore;
  if (config.store.kind === 's3') {
    const { kind: _kind, ...options } = config.store;
    store = createS3ObjectStore(options);
  } else {
    const s3 = await startEmbeddedS3({ dir: realDir(config.store.dir, 'lake') });
    closers.push(() => s3.close());
    store = createS3ObjectStore({ ...s3, bucket: config.store.bucket });
  }
  await store.ensureBucket();
  closers.push(() => store.close());
  return {
    broker,
    store,
    async close() {
      for (const close of closers.reverse()) await close().catch(() => {});
    },
  };
}

function realDir(dir: string, name: string): string {
  return dir.startsWith('memory://') ? mkdtempSync(path.join(tmpdir(), `meshgate-${name}-`)) : dir;
}

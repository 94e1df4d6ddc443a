/**
 * The local broker's topics: `topics/<name>/topic.json` holds the partition
 * count, `topics/<name>/<partition>.log` each partition's log. Topics are
 * opened on first use and stay open until `close`.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { BrokerError } from '../port.ts';
import { openPartitionLog, type PartitionLog } from './partition-log.ts';
import { readJsonFile, writeFileDurably } from './durable-file.ts';

export interface LocalTopic {
  name: string;
  partitions: PartitionLog[];
}

export interface TopicStore {
  ensure(name: string, partitions: number): Promise<LocalTopic>;
  /** Throws `UNKNOWN_TOPIC` when the topic was never created. */
  get(name: string): Promise<LocalTopic>;
  close(): Promise<void>;
}

const KAFKA_NAME = /^[A-Za-z0-9._-]{1,249}$/;

export function assertValidName(kind: 'topic' | 'group', name: string): void {
  if (!KAFKA_NAME.test(name) || name === '.' || name === '..') {
    throw new BrokerError('local', 'INVALID_NAME', `invalid ${kind} name ${JSON.stringify(name)}`, false);
  }
}

export function createTopicStore(dir: string): TopicStore {
  const opened = new Map<string, Promise<LocalTopic>>();

  async function load(name: string, create?: number): Promise<LocalTopic> {
    const topicDir = join(dir, 'topics', name);
    const metaPath = join(topicDir, 'topic.json');
    let meta = await readJsonFile<{ partitions: number }>(metaPath);
    if (!meta) {
      if (create === undefined) throw new BrokerError('local', 'UNKNOWN_TOPIC', `topic ${name} does not exist`, false);
      await mkdir(topicDir, { recursive: true });
      meta = { partitions: create };
      await writeFileDurably(metaPath, JSON.stringify(meta));
    }
    const logs = await Promise.all(Array.from({ length: meta.partitions }, (_, p) => openPartitionLog(join(topicDir, `${p}.log`))));
    return { name, partitions: logs };
  }

  function open(name: string, create?: number): Promise<LocalTopic> {
    assertValidName('topic', name);
    let topic = opened.get(name);
    if (!topic) {
      topic = load(name, create);
      opened.set(name, topic);
      topic.catch(() => opened.delete(name));
    }
    return topic;
  }

  return {
    ensure(name, partitions) {
      if (!Number.isInteger(partitions) || partitions < 1) {
        throw new BrokerError('local', 'INVALID_NAME', `topic ${name}: partitions must be a positive integer`, false);
      }
      return open(name, partitions);
    },
    get: (name) => open(name),
    async close() {
      const topics = await Promise.allSettled(opened.values());
      opened.clear();
      for (const topic of topics) {
        if (topic.status === 'fulfilled') await Promise.all(topic.value.partitions.map((log) => log.close()));
      }
    },
  };
}

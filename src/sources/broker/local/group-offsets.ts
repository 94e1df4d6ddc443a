/**
 * A consumer group's committed offsets: `groups/<group>.json`, shaped
 * `{ topic: { partition: nextOffset } }`, replaced atomically on every commit.
 */
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { readJsonFile, writeFileDurably } from './durable-file.ts';

export interface GroupOffsets {
  /** The committed next offset, or `undefined` when the group never committed on that partition. */
  committed(topic: string, partition: number): number | undefined;
  /** Resolves once the commit is durable. */
  commit(topic: string, partition: number, nextOffset: number): Promise<void>;
}

type OffsetsFile = Record<string, Record<string, number>>;

export async function openGroupOffsets(dir: string, groupId: string): Promise<GroupOffsets> {
  await mkdir(join(dir, 'groups'), { recursive: true });
  const path = join(dir, 'groups', `${groupId}.json`);
  const offsets: OffsetsFile = (await readJsonFile<OffsetsFile>(path)) ?? {};
  let writing: Promise<unknown> = Promise.resolve();
  return {
    committed: (topic, partition) => offsets[topic]?.[String(partition)],
    commit(topic, partition, nextOffset) {
      let partitions = offsets[topic];
      if (!partitions) {
        partitions = {};
        offsets[topic] = partitions;
      }
      partitions[String(partition)] = nextOffset;
      // Each write stores the whole current state, so queued writes never go back in time.
      const written = writing.then(() => writeFileDurably(path, JSON.stringify(offsets)));
      writing = written.catch(() => {});
      return written;
    },
  };
}

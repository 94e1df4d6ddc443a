/**
 * Producing one topic's events in one broker call and telling each event's
 * position. The broker answers with the first offset per partition written;
 * one call's messages of one partition are one contiguous record batch, so
 * the n-th message for a partition sits at first + n. The partition of each
 * message is Kafka's murmur2 of its key, which both adapters use.
 */
import { partitionForKey, type EventBroker } from '../../sources/index.ts';
import { encodeEventMessage, streamedDatasets, type DatasetRuntime, type NormalisedEvent } from '../datasets/index.ts';

/** A probe group that never commits: `groupLag` lists the topic's partitions. */
const PARTITION_PROBE_GROUP = 'meshgate-ingest-partition-probe';

export interface TopicProducer {
  /** Creates the topic when missing and learns its partition count (once per topic). */
  prepare(runtime: DatasetRuntime): Promise<number>;
  /** Resolves with one position per event (same order) once the broker acknowledged them all. */
  produce(runtime: DatasetRuntime, events: readonly NormalisedEvent[]): Promise<{ partition: number; offset: string }[]>;
}

export function createTopicProducer(broker: EventBroker, topicPartitions: number): TopicProducer {
  const partitionCounts = new Map<string, Promise<number>>();
  const prepare = (runtime: DatasetRuntime): Promise<number> => {
    let count = partitionCounts.get(runtime.topic);
    if (!count) {
      count = (async () => {
        await broker.ensureTopic(runtime.topic, topicPartitions);
        return (await broker.groupLag(PARTITION_PROBE_GROUP, runtime.topic)).length;
      })();
      count.catch(() => partitionCounts.delete(runtime.topic));
      partitionCounts.set(runtime.topic, count);
    }
    return count;
  };
  return {
    prepare,
    async produce(runtime, events) {
      const partitions = await prepare(runtime);
      const results = await broker.produce(runtime.topic, events.map(encodeEventMessage));
      const firstOffsets = new Map(results.map((result) => [result.partition, BigInt(result.offset)]));
      const produced = new Map<number, bigint>();
      return events.map((event) => {
        const partition = partitionForKey(event.key, partitions);
        const first = firstOffsets.get(partition);
        if (first === undefined) throw new Error(`broker reported no offset for ${runtime.topic}/${partition}`);
        const nth = produced.get(partition) ?? 0n;
        produced.set(partition, nth + 1n);
        return { partition, offset: String(first + nth) };
      });
    },
  };
}

/** Creates every dataset's topic (startup of a gateway or sink); existing topics keep their partition counts. */
export async function ensureDatasetTopics(broker: EventBroker, datasets: readonly DatasetRuntime[], partitions = 3): Promise<void> {
  for (const runtime of streamedDatasets(datasets)) await broker.ensureTopic(runtime.topic, partitions);
}

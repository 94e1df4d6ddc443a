/**
 * A consumer group inside one local broker (one process owns the directory).
 * Members share partitions: partition `p` of a topic belongs to the
 * `p mod n`-th of the `n` members subscribed to it, by join order. Any join or
 * leave starts a new generation, after which members resume from committed
 * offsets, as after a Kafka rebalance. A partition whose batch is still in
 * flight is not handed to its new owner until that batch finishes.
 */
import type { GroupOffsets } from './group-offsets.ts';

export interface GroupMember {
  readonly id: number;
  readonly topics: readonly string[];
}

export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface LocalConsumerGroup {
  readonly offsets: GroupOffsets;
  /** Bumped on every join and leave. */
  readonly generation: number;
  join(topics: readonly string[]): GroupMember;
  leave(member: GroupMember): void;
  /** The partitions `member` owns now, given each topic's partition count. */
  assignment(member: GroupMember, partitionCounts: ReadonlyMap<string, number>): TopicPartition[];
  /** Claims a partition for one batch; false when another member's batch on it is in flight. */
  claim(part: TopicPartition): boolean;
  release(part: TopicPartition): void;
  readonly memberCount: number;
}

export function createLocalConsumerGroup(offsets: GroupOffsets): LocalConsumerGroup {
  const members: GroupMember[] = [];
  const inFlight = new Set<string>();
  let nextId = 0;
  let generation = 0;
  const keyOf = (part: TopicPartition) => `${part.topic}\u0000${part.partition}`;
  return {
    offsets,
    get generation() {
      return generation;
    },
    get memberCount() {
      return members.length;
    },
    join(topics) {
      const member = { id: nextId++, topics: [...topics] };
      members.push(member);
      generation++;
      return member;
    },
    leave(member) {
      const index = members.indexOf(member);
      if (index >= 0) members.splice(index, 1);
      generation++;
    },
    assignment(member, partitionCounts) {
      const owned: TopicPartition[] = [];
      for (const topic of member.topics) {
        const subscribers = members.filter((m) => m.topics.includes(topic));
        const position = subscribers.indexOf(member);
        const count = partitionCounts.get(topic) ?? 0;
        for (let partition = position; position >= 0 && partition < count; partition += subscribers.length) {
          owned.push({ topic, partition });
        }
      }
      return owned;
    },
    claim(part) {
      const key = keyOf(part);
      if (inFlight.has(key)) return false;
      inFlight.add(key);
      return true;
    },
    release(part) {
      inFlight.delete(keyOf(part));
    },
  };
}

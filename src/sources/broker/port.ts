/**
 * The event broker port: what the events plane and the lake sink need from a
 * log broker. Two adapters pass one contract suite
 * (`test/contract/broker.contract.ts`): Kafka (services profile) and a local
 * file-backed log (embedded profile).
 *
 * Contracts every adapter keeps:
 * - `produce` resolves only once every message is durable (Kafka: acks=all
 *   on an idempotent producer; local: fsync), so a caller may acknowledge
 *   its own client after it.
 * - The same key always lands on the same partition: both adapters use
 *   Kafka's murmur2 partitioner, so a key's partition is the same in both.
 *   Messages without a key are spread round-robin.
 * - Offsets are decimal strings (as kafkajs gives them), dense from 0 in the
 *   local adapter; only their order and `+1` arithmetic may be relied on.
 * - Consumers never auto-commit. `commit(next)` stores "last processed + 1";
 *   a restarted group resumes from its commits, from the earliest offset
 *   when it has none (or, with `startAt: 'latest'`, from the high watermark
 *   as of `consume`), so the uncommitted tail is delivered again
 *   (at-least-once; a sink makes it exactly-once by writing idempotently).
 * - A batch that `onBatch` rejects is delivered again (from the first of its
 *   messages) after a short pause; processing does not move past it.
 */

export interface BrokerMessage {
  key: string | null;
  value: Buffer | string;
  headers?: Record<string, string>;
  /** Milliseconds since the epoch; default: the time of `produce`. */
  timestamp?: number;
}

export interface ProduceResult {
  topic: string;
  partition: number;
  /** First offset of this call's messages in that partition, as a decimal string. */
  offset: string;
}

export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
  timestamp: number;
}

/** Consecutive messages of one partition, in offset order. */
export interface ConsumerBatch {
  topic: string;
  partition: number;
  messages: ConsumedMessage[];
  firstOffset: string;
  lastOffset: string;
}

/** Stores `nextOffset` (last processed + 1) as the group's position in the batch's partition. */
export type CommitOffset = (nextOffset: string) => Promise<void>;

export interface ConsumeOptions {
  groupId: string;
  topics: string[];
  onBatch: (batch: ConsumerBatch, commit: CommitOffset) => Promise<void>;
  /** Upper bound of messages per batch (default 1000). */
  maxBatchMessages?: number;
  /** How long a fetch waits for new messages before polling again (default 500 ms). */
  maxWaitMs?: number;
  /**
   * Where a partition the group never committed starts (default `committed`:
   * its earliest offset). `latest`: its high watermark as of the `consume`
   * call, so only messages produced after `consume` resolves are delivered
   * (live streams: a group of its own that never commits, nothing replayed).
   */
  startAt?: 'committed' | 'latest';
}

export interface Consumer {
  /**
   * Waits for the batch in flight, then leaves the group; nothing is
   * committed. Call it from outside `onBatch`: it waits for that very batch.
   */
  stop(): Promise<void>;
}

export interface PartitionLag {
  partition: number;
  /** The group's committed offset (next to process); `-1` when it has never committed. */
  committed: string;
  /** The high watermark: the offset the next produced message will get. */
  high: string;
}

export interface EventBroker {
  readonly adapter: 'kafka' | 'local';
  /** Creates the topic with `partitions` partitions if it does not exist; an existing topic keeps its count. */
  ensureTopic(topic: string, partitions: number): Promise<void>;
  /** Resolves only when the broker acknowledged every message; one result per partition written. */
  produce(topic: string, messages: BrokerMessage[]): Promise<ProduceResult[]>;
  /**
   * Joins consumer group `groupId`. Batches are handed per partition in
   * offset order, one at a time per member. Partitions are shared among the
   * group's members (Kafka: its rebalancing; local: members in this process,
   * see `createLocalBroker`). Resolves once the member is started; a Kafka
   * member may still be joining the group then. Throws `UNKNOWN_TOPIC` for a
   * topic never created.
   */
  consume(options: ConsumeOptions): Promise<Consumer>;
  /** Per partition: committed offset of the group and the high watermark (for lag metrics). */
  groupLag(groupId: string, topic: string): Promise<PartitionLag[]>;
  /** Stops every consumer and releases connections or files. */
  close(): Promise<void>;
}

export type BrokerErrorCode =
  /** The topic does not exist (local) or could not be created. */
  | 'UNKNOWN_TOPIC'
  /** A topic or group name outside Kafka's `[A-Za-z0-9._-]{1,249}`, or a partition count below 1. */
  | 'INVALID_NAME'
  /** A commit outside `[0, high]`, or an offset that is not a decimal integer. */
  | 'INVALID_OFFSET'
  /** The broker was closed. */
  | 'BROKER_CLOSED'
  /** The local log directory is held by another process. */
  | 'BROKER_LOCKED'
  /** The broker failed to answer; see `retriable`. */
  | 'BROKER_UNAVAILABLE';

export class BrokerError extends Error {
  readonly code: BrokerErrorCode;
  readonly adapter: 'kafka' | 'local';
  /** Whether trying the same call again may succeed. */
  readonly retriable: boolean;
  constructor(adapter: 'kafka' | 'local', code: BrokerErrorCode, message: string, retriable: boolean, options?: { cause?: unknown }) {
    super(`${adapter} broker: ${message}`, options);
    this.name = 'BrokerError';
    this.code = code;
    this.adapter = adapter;
    this.retriable = retriable;
  }
}

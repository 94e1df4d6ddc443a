/**
 * The live hub: one broker consumer per gateway process, fanning decoded
 * events out to the subscribers of their dataset.
 *
 * - Its consumer group is unique to the process and starts at the latest
 *   offsets (`startAt: 'latest'`): a subscriber sees events produced after it
 *   subscribed, nothing is replayed, and the group never commits.
 * - Fan-out never waits: each subscriber has a bounded queue; one that
 *   overflows is closed with `SLOW_SUBSCRIBER`, the others go on.
 * - A subscriber's `select` runs in the fan-out, before queueing, so events it
 *   filters out never take room in its queue.
 * - The dataset topics must exist (`ensureDatasetTopics`) before the hub starts.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../observability/index.ts';
import type { ConsumerBatch, Consumer, EventBroker } from '../../sources/index.ts';
import { decodeEventMessage, streamedDatasets, type DatasetRuntime, type NormalisedEvent } from '../datasets/index.ts';
import { LiveError } from './errors.ts';
import type { LiveMetrics } from './metrics.ts';
import { createSubscriberQueue, type SubscriberQueue } from './subscriber-queue.ts';

export const DEFAULT_QUEUE_LIMIT = 1000;

export interface LiveHubOptions {
  datasets: readonly DatasetRuntime[];
  broker: EventBroker;
  logger: Logger;
  /** Events a subscriber may have waiting before it is cut off (default 1000). */
  queueLimit?: number;
  metrics?: LiveMetrics;
  /** Default `meshgate-live-<host>-<pid>-<random>`: unique per process, so each gateway sees every event. */
  groupId?: string;
}

/** Picks what a subscriber receives for an event; `undefined` skips the event. */
export type EventSelector<T> = (event: NormalisedEvent) => T | undefined;

export interface LiveHub {
  readonly groupId: string;
  /** A stream of the dataset's events chosen by `select`; `return()` unsubscribes. Throws UNKNOWN_DATASET or HUB_CLOSED. */
  subscribe<T>(dataset: string, select: EventSelector<T>): SubscriberQueue<T>;
  /** Open subscriptions, of one dataset or of all. */
  activeSubscriptions(dataset?: string): number;
  /** Stops the consumer and ends every stream (normally: the client sees `complete`). */
  close(): Promise<void>;
}

interface Subscriber {
  select: EventSelector<unknown>;
  queue: SubscriberQueue<unknown>;
  /** Stops delivering to it (idempotent); its reader still drains what was queued. */
  detach(): void;
}

type HubState = { kind: 'running'; consumer: Consumer | undefined } | { kind: 'closed' };

export async function startLiveHub(options: LiveHubOptions): Promise<LiveHub> {
  const queueLimit = options.queueLimit ?? DEFAULT_QUEUE_LIMIT;
  const groupId = options.groupId ?? `meshgate-live-${hostname().replace(/[^A-Za-z0-9._-]/g, '_')}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const streamed = streamedDatasets(options.datasets);
  const byTopic = new Map(streamed.map((runtime) => [runtime.topic, runtime]));
  const byName = new Map(streamed.map((runtime) => [runtime.qualifiedName, runtime]));
  const subscribers = new Map<string, Set<Subscriber>>(streamed.map((runtime) => [runtime.qualifiedName, new Set()]));

  function deliver(runtime: DatasetRuntime, event: NormalisedEvent): void {
    for (const subscriber of subscribers.get(runtime.qualifiedName)!) {
      let selected: unknown;
      try {
        selected = subscriber.select(event);
      } catch (error) {
        options.logger.error({ err: error, dataset: runtime.qualifiedName }, 'live: a subscriber filter failed; closing it');
        subscriber.detach();
        subscriber.queue.fail(error as Error);
        continue;
      }
      if (selected === undefined) continue;
      if (subscriber.queue.push(selected) === 'overflow') {
        options.metrics?.slowSubscribersClosed.inc({ dataset: runtime.qualifiedName });
        subscriber.detach();
        subscriber.queue.fail(
          new LiveError('SLOW_SUBSCRIBER', `The subscription fell ${queueLimit} events behind on ${runtime.qualifiedName} and was closed.`),
        );
      } else {
        options.metrics?.eventsDelivered.inc({ dataset: runtime.qualifiedName });
      }
    }
  }

  /** Never throws: a rejected batch would be delivered again, and a live stream must not repeat events. */
  async function onBatch(batch: ConsumerBatch): Promise<void> {
    const runtime = byTopic.get(batch.topic);
    if (!runtime || subscribers.get(runtime.qualifiedName)!.size === 0) return;
    for (const message of batch.messages) {
      try {
        deliver(runtime, decodeEventMessage(runtime, message));
      } catch (error) {
        options.logger.warn({ err: error, topic: batch.topic, partition: batch.partition, offset: message.offset }, 'live: skipped an undecodable event');
      }
    }
  }

  const topics = [...byTopic.keys()];
  const consumer = topics.length === 0 ? undefined : await options.broker.consume({ groupId, topics, startAt: 'latest', onBatch, maxWaitMs: 100 });
  let state: HubState = { kind: 'running', consumer };

  return {
    groupId,
    subscribe<T>(dataset: string, select: EventSelector<T>): SubscriberQueue<T> {
      if (state.kind === 'closed') throw new LiveError('HUB_CLOSED', 'The live hub is closed.');
      const set = subscribers.get(dataset);
      if (!set || !byName.has(dataset)) throw new LiveError('UNKNOWN_DATASET', `No dataset ${dataset} is streamed.`);
      const detach = () => {
        if (set.delete(subscriber)) options.metrics?.activeSubscriptions.dec({ dataset });
      };
      const subscriber: Subscriber = { select, queue: createSubscriberQueue<unknown>(queueLimit, detach), detach };
      set.add(subscriber);
      options.metrics?.activeSubscriptions.inc({ dataset });
      return subscriber.queue as SubscriberQueue<T>;
    },
    activeSubscriptions(dataset) {
      if (dataset !== undefined) return subscribers.get(dataset)?.size ?? 0;
      return [...subscribers.values()].reduce((sum, set) => sum + set.size, 0);
    },
    async close() {
      switch (state.kind) {
        case 'closed':
          return;
        case 'running': {
          const running = state;
          state = { kind: 'closed' };
          for (const set of subscribers.values()) {
            for (const subscriber of [...set]) {
              subscriber.detach();
              subscriber.queue.end();
            }
          }
          await running.consumer?.stop();
          return;
        }
        default:
          throw new Error(`unknown hub state ${state satisfies never as unknown}`);
      }
    },
  };
}

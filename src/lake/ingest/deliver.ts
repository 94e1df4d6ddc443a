/**
 * Delivery of a batch's valid events: deduplicate by (dataset, eventId) in
 * the batch and against the claims table, produce what is new (one call per
 * topic), record the positions. Every event ends accepted or rejected.
 */
import type { Logger } from '../../observability/index.ts';
import type { DatasetRuntime } from '../datasets/index.ts';
import { claimId, type ClaimKey, type ClaimStore, type ExistingClaim, type ProducedPosition } from './claims.ts';
import { IngestError } from './errors.ts';
import { rejected, type PreparedEvent } from './prepare.ts';
import type { TopicProducer } from './produce.ts';
import type { AcceptedEvent, RejectedEvent } from './types.ts';
import { assertNever } from '../../common/index.ts';

type Valid = Extract<PreparedEvent, { kind: 'valid' }>;
export type Outcome = { kind: 'accepted'; accepted: AcceptedEvent } | { kind: 'rejected'; rejection: RejectedEvent };

export interface DeliveryDeps {
  claims: ClaimStore;
  producer: TopicProducer;
  logger: Logger;
}

/** Outcomes of the valid events, by batch index. */
export async function deliver(valid: readonly Valid[], deps: DeliveryDeps): Promise<Map<number, Outcome>> {
  const outcomes = new Map<number, Outcome>();
  const leaders = new Map<string, Valid>();
  for (const item of valid) if (!leaders.has(keyOf(item))) leaders.set(keyOf(item), item);
  const ready = await withPreparedTopics([...leaders.values()], deps, outcomes);
  const claimed = await claimAll(ready, deps.claims);
  await answerDuplicates(
    ready.filter((item) => !claimed.has(keyOf(item))),
    deps.claims,
    outcomes,
  );
  await produceClaimed(
    ready.filter((item) => claimed.has(keyOf(item))),
    deps,
    outcomes,
  );
  for (const item of valid) {
    const leader = leaders.get(keyOf(item))!;
    if (leader !== item) outcomes.set(item.index, followerOutcome(item, outcomes.get(leader.index)!));
  }
  return outcomes;
}

function keyOf(item: Valid): string {
  return claimId(item.runtime.qualifiedName, item.event.eventId);
}

function claimKey(item: Valid): ClaimKey {
  return { dataset: item.runtime.qualifiedName, eventId: item.event.eventId, topic: item.runtime.topic };
}

/** Topics are created and measured before any claim, so a broker outage leaves no claim behind. */
async function withPreparedTopics(items: Valid[], deps: DeliveryDeps, outcomes: Map<number, Outcome>): Promise<Valid[]> {
  const runtimes = [...new Set(items.map((item) => item.runtime))];
  const failed = new Set<DatasetRuntime>();
  const prepare = (runtime: DatasetRuntime) =>
    deps.producer.prepare(runtime).catch((err: unknown) => {
      deps.logger.warn({ err, topic: runtime.topic }, 'topic not ready: its events are rejected as retriable');
      failed.add(runtime);
    });
  await Promise.all(runtimes.map(prepare));
  for (const item of items) if (failed.has(item.runtime)) outcomes.set(item.index, brokerUnavailable(item));
  return items.filter((item) => !failed.has(item.runtime));
}

async function claimAll(items: Valid[], claims: ClaimStore): Promise<Set<string>> {
  try {
    await claims.ensureSchema();
    return await claims.claim(items.map(claimKey));
  } catch (cause) {
    throw new IngestError('INGEST_UNAVAILABLE', 'the idempotency store is unavailable; nothing was ingested, retry the batch', { cause });
  }
}

async function answerDuplicates(items: Valid[], claims: ClaimStore, outcomes: Map<number, Outcome>): Promise<void> {
  if (items.length === 0) return;
  let existing: Map<string, ExistingClaim>;
  try {
    existing = new Map((await claims.lookup(items.map(claimKey))).map((claim) => [claimId(claim.dataset, claim.eventId), claim]));
  } catch (cause) {
    throw new IngestError('INGEST_UNAVAILABLE', 'the idempotency store is unavailable; retry the batch', { cause });
  }
  for (const item of items) {
    const position = existing.get(keyOf(item))?.position;
    outcomes.set(
      item.index,
      position
        ? { kind: 'accepted', accepted: acceptedOf(item, position, true) }
        : toOutcome(rejected(item.index, 'IN_PROGRESS', 'another request is ingesting this event id; retry later', about(item))),
    );
  }
}

async function produceClaimed(items: Valid[], deps: DeliveryDeps, outcomes: Map<number, Outcome>): Promise<void> {
  const byRuntime = Map.groupBy(items, (item) => item.runtime);
  const positions: ProducedPosition[] = [];
  await Promise.all(
    [...byRuntime].map(async ([runtime, group]) => {
      try {
        const produced = await deps.producer.produce(
          runtime,
          group.map((item) => item.event),
        );
        group.forEach((item, i) => {
          outcomes.set(item.index, { kind: 'accepted', accepted: acceptedOf(item, produced[i]!, false) });
          positions.push({ dataset: runtime.qualifiedName, eventId: item.event.eventId, ...produced[i]! });
        });
      } catch (error) {
        deps.logger.warn({ err: error, topic: runtime.topic, events: group.length }, 'produce failed; events rejected as BROKER_UNAVAILABLE');
        await deps.claims
          .release(group.map(claimKey))
          .catch((releaseError: unknown) =>
            deps.logger.error({ err: releaseError, topic: runtime.topic }, 'releasing claims failed; they expire as abandoned'),
          );
        for (const item of group) outcomes.set(item.index, brokerUnavailable(item));
      }
    }),
  );
  // The events are durable in the broker already: a failure here only leaves claims for the abandoned-claim rule.
  await deps.claims
    .recordPositions(positions)
    .catch((error: unknown) => deps.logger.error({ err: error, events: positions.length }, 'recording produced positions failed'));
}

function followerOutcome(item: Valid, leader: Outcome): Outcome {
  switch (leader.kind) {
    case 'accepted':
      return { kind: 'accepted', accepted: { ...leader.accepted, index: item.index, duplicate: true } };
    case 'rejected':
      return { kind: 'rejected', rejection: { ...leader.rejection, index: item.index } };
    default:
      return assertNever(leader, 'outcome');
  }
}

function acceptedOf(item: Valid, position: { partition: number; offset: string }, duplicate: boolean): AcceptedEvent {
  return { index: item.index, eventId: item.event.eventId, dataset: item.runtime.qualifiedName, ...position, duplicate };
}

function brokerUnavailable(item: Valid): Outcome {
  return toOutcome(rejected(item.index, 'BROKER_UNAVAILABLE', 'the broker did not acknowledge the event; retry it', about(item)));
}

function about(item: Valid): { eventId: string; dataset: string } {
  return { eventId: item.event.eventId, dataset: item.runtime.qualifiedName };
}

function toOutcome(prepared: Extract<PreparedEvent, { kind: 'rejected' }>): Outcome {
  return { kind: 'rejected', rejection: prepared.rejection };
}

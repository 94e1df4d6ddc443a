/**
 * Segment compatibility: apps instrumented with Segment's HTTP Tracking API
 * can point at meshgate. The mapping of a `track` message:
 * - dataset: `event` matched against each dataset's `segmentEvents` (its
 *   name, e.g. `viewed`, or qualified name, `engagement.viewed`); a bare name
 *   two domains share matches neither (use the qualified one);
 * - eventId: `messageId` (Segment's retry key);
 * - fields: `properties` spread; `userId` → the `userId` field, and
 *   `context.ip` → the `ip` field, when the dataset has such a field and
 *   `properties` does not set it; `anonymousId` likewise only into an
 *   `anonymousId` field; the rest of `context` is ignored;
 * - event time: `timestamp`, else `originalTimestamp`, else the time the
 *   gateway received the batch (Segment's own fallback).
 * `type` defaults to `track`; identify, page, screen, group and alias are
 * rejected per event with UNSUPPORTED_EVENT_TYPE. A Segment batch is
 * `{ batch: [ …messages ] }`.
 */
import { streamedDatasets, type DatasetRuntime } from '../datasets/index.ts';
import { prepareEvent, rejected, type PreparedEvent } from './prepare.ts';

export function segmentEventIndex(datasets: readonly DatasetRuntime[]): ReadonlyMap<string, DatasetRuntime | null> {
  const index = new Map<string, DatasetRuntime | null>();
  for (const runtime of streamedDatasets(datasets)) {
    for (const name of runtime.segmentEvents) index.set(name, index.has(name) ? null : runtime);
  }
  return index;
}

export function prepareSegmentMessage(message: unknown, index: number, events: ReadonlyMap<string, DatasetRuntime | null>, receivedAt: string): PreparedEvent {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return rejected(index, 'INVALID_EVENT', 'a Segment message must be an object');
  }
  const m = message as Record<string, unknown>;
  const type = m.type ?? 'track';
  if (type !== 'track') {
    return rejected(index, 'UNSUPPORTED_EVENT_TYPE', `Segment ${String(type)} messages are not ingested; only track`, { eventId: m.messageId });
  }
  if (typeof m.event !== 'string') return rejected(index, 'UNKNOWN_DATASET', 'a track message needs `event`', { eventId: m.messageId });
  const runtime = events.get(m.event);
  if (!runtime) {
    const why = runtime === null ? `is ambiguous; use the qualified name (<domain>.${m.event})` : 'names no dataset';
    return rejected(index, 'UNKNOWN_DATASET', `event ${m.event} ${why}`, { eventId: m.messageId });
  }
  const properties = m.properties ?? {};
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
    return rejected(index, 'INVALID_EVENT', '`properties` must be an object', { eventId: m.messageId, dataset: runtime.qualifiedName });
  }
  const data = { ...fromEnvelope(runtime, m, receivedAt), ...(properties as Record<string, unknown>) };
  return prepareEvent({ dataset: runtime.qualifiedName, eventId: m.messageId ?? undefined, data }, index, new Map([[runtime.qualifiedName, runtime]]));
}

function fromEnvelope(runtime: DatasetRuntime, m: Record<string, unknown>, receivedAt: string): Record<string, unknown> {
  const context = typeof m.context === 'object' && m.context !== null ? (m.context as Record<string, unknown>) : {};
  const data: Record<string, unknown> = {
    [runtime.eventTimeField]: m.timestamp ?? m.originalTimestamp ?? receivedAt,
  };
  const optional: [string, unknown][] = [
    ['userId', m.userId],
    ['anonymousId', m.anonymousId],
    ['ip', context.ip],
  ];
  for (const [field, value] of optional) {
    if (value !== undefined && value !== null && runtime.fieldsByName.has(field)) data[field] = value;
  }
  return data;
}

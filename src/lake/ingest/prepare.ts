/** From a raw event to a validated one or a per-event rejection: envelope, dataset, schema. */
import { validateEvent, type DatasetRuntime, type NormalisedEvent } from '../datasets/index.ts';
import type { IngestRejectionCode, RejectedEvent } from './types.ts';

export type PreparedEvent = { kind: 'valid'; index: number; runtime: DatasetRuntime; event: NormalisedEvent } | { kind: 'rejected'; rejection: RejectedEvent };

const RETRIABLE: ReadonlySet<IngestRejectionCode> = new Set(['BROKER_UNAVAILABLE', 'IN_PROGRESS']);

export function rejected(
  index: number,
  code: IngestRejectionCode,
  reason: string,
  about: { eventId?: unknown; dataset?: string; field?: string } = {},
): PreparedEvent & { kind: 'rejected' } {
  const rejection: RejectedEvent = { index, code, reason, retriable: RETRIABLE.has(code) };
  if (typeof about.eventId === 'string' && about.eventId !== '') rejection.eventId = about.eventId;
  if (about.dataset !== undefined) rejection.dataset = about.dataset;
  if (about.field !== undefined) rejection.field = about.field;
  return { kind: 'rejected', rejection };
}

export function prepareEvent(raw: unknown, index: number, datasets: ReadonlyMap<string, DatasetRuntime>): PreparedEvent {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return rejected(index, 'INVALID_EVENT', 'an event must be an object: { dataset, eventId?, data }');
  }
  const { dataset, eventId, data, ...rest } = raw as Record<string, unknown>;
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) {
    return rejected(index, 'INVALID_EVENT', `unexpected key ${extra}: an event is { dataset, eventId?, data }`, { eventId });
  }
  if (typeof dataset !== 'string') {
    return rejected(index, 'UNKNOWN_DATASET', 'dataset must name a dataset as `<domain>.<dataset>`', { eventId });
  }
  const runtime = datasets.get(dataset);
  if (!runtime) return rejected(index, 'UNKNOWN_DATASET', `no dataset ${dataset}`, { eventId, dataset });
  if (runtime.producedBy !== undefined) {
    return rejected(index, 'UNKNOWN_DATASET', `dataset ${dataset} is derived (written by pipeline step ${runtime.producedBy}); it takes no events`, {
      eventId,
      dataset,
    });
  }
  const result = validateEvent(runtime, { eventId, data });
  if (!result.ok) return rejected(index, result.code, result.reason, { eventId, dataset, field: result.field });
  return { kind: 'valid', index, runtime, event: result.event };
}

/**
 * How events travel through the broker (the contract between ingestion and
 * the sink / live streams):
 * - topic `<domain>.<dataset>`; key: the dataset's key field value (an
 *   entity id), else the event id — so one entity's events stay ordered;
 * - value: UTF-8 JSON of the normalised record, every field of the dataset
 *   present (`eventId` first, null when absent, DateTime as ISO-8601 UTC);
 * - headers: `eventId` and `dataset` (`<domain>.<dataset>`), so a consumer
 *   can route and deduplicate without parsing the value;
 * - timestamp: the time of production (not the event time: Kafka retention
 *   runs on it, and late events must not be deleted early).
 */
import type { BrokerMessage, ConsumedMessage } from '../../sources/index.ts';
import type { DatasetRuntime, EventRecord, NormalisedEvent } from './types.ts';
import { EVENT_ID_FIELD } from './types.ts';

export function encodeEventMessage(event: NormalisedEvent): BrokerMessage {
  return {
    key: event.key,
    value: JSON.stringify(event.record),
    headers: { eventId: event.eventId, dataset: event.dataset },
  };
}

export class EventDecodeError extends Error {
  readonly code = 'UNDECODABLE_EVENT';
  constructor(message: string) {
    super(message);
    this.name = 'EventDecodeError';
  }
}

/** The event a message carries, as ingestion normalised it. Throws EventDecodeError on a message not written by ingestion. */
export function decodeEventMessage(runtime: DatasetRuntime, message: ConsumedMessage): NormalisedEvent {
  let record: EventRecord;
  try {
    record = JSON.parse(message.value.toString('utf8')) as EventRecord;
  } catch (error) {
    throw new EventDecodeError(`${message.topic}/${message.partition}@${message.offset}: value is not JSON (${(error as Error).message})`);
  }
  const eventId = record?.[EVENT_ID_FIELD] ?? message.headers.eventId;
  const eventTime = record?.[runtime.eventTimeField];
  if (typeof eventId !== 'string' || typeof eventTime !== 'string') {
    throw new EventDecodeError(`${message.topic}/${message.partition}@${message.offset}: no eventId or ${runtime.eventTimeField}`);
  }
  return { eventId, dataset: runtime.qualifiedName, eventTime, key: message.key ?? eventId, record };
}

import { newEventId } from './event-id.ts';
import { containsNul, nulPath } from '../../api/index.ts';
import type { DatasetField, DatasetRuntime, EventRecord, EventRejection, EventValidation, JsonValue } from './types.ts';
import { EVENT_ID_FIELD } from './types.ts';
import { isPlainObject, normaliseScalar, TYPE_EXPECTATIONS } from './values.ts';

const MAX_EVENT_ID_LENGTH = 200;

/** One event as a client sends it, its dataset already resolved. */
export interface EventInput {
  /** The client's id for the event; `data.eventId` is read too. Absent: the gateway generates a UUIDv7. */
  eventId?: unknown;
  /** The dataset's fields by name. */
  data: unknown;
}

/**
 * Checks one event against its dataset: `data` is an object, every key names
 * a field, every non-null field (and the event-time field) is present, every
 * value has its field's type (lists: arrays of non-null items). The first
 * problem found rejects the event, naming the field.
 */
export function validateEvent(runtime: DatasetRuntime, input: EventInput): EventValidation {
  if (!isPlainObject(input.data)) return reject('INVALID_EVENT', "`data` must be an object of the dataset's fields");
  const data = input.data;
  const eventId = resolveEventId(input.eventId, data[EVENT_ID_FIELD]);
  if (typeof eventId !== 'string') return eventId;
  const unknown = Object.keys(data).find((name) => !runtime.fieldsByName.has(name));
  if (unknown !== undefined) {
    return reject('UNKNOWN_FIELD', `${runtime.qualifiedName} has no field ${unknown}`, unknown);
  }
  const record: EventRecord = { [EVENT_ID_FIELD]: eventId };
  for (const field of runtime.fields) {
    if (field.name === EVENT_ID_FIELD) continue;
    const outcome = normaliseField(field, data[field.name]);
    if ('ok' in outcome) return outcome;
    const nul = nulPath(outcome.value);
    if (nul !== undefined) return reject('WRONG_TYPE', `${field.name}${nul} must be text without NUL characters (U+0000)`, field.name);
    record[field.name] = outcome.value;
  }
  return {
    ok: true,
    event: {
      eventId,
      dataset: runtime.qualifiedName,
      eventTime: record[runtime.eventTimeField] as string,
      key: keyOf(runtime, record, eventId),
      record,
    },
  };
}

function resolveEventId(envelope: unknown, inData: unknown): string | EventRejection {
  const given = [envelope, inData].filter((id) => id !== undefined && id !== null);
  for (const id of given) {
    if (typeof id !== 'string' || id.length === 0 || id.length > MAX_EVENT_ID_LENGTH || containsNul(id)) {
      return reject(
        'INVALID_EVENT_ID',
        `eventId must be a non-empty string of at most ${MAX_EVENT_ID_LENGTH} characters, without NUL (U+0000)`,
        EVENT_ID_FIELD,
      );
    }
  }
  if (given.length === 2 && given[0] !== given[1]) {
    return reject('INVALID_EVENT_ID', 'eventId and data.eventId differ', EVENT_ID_FIELD);
  }
  return (given[0] as string | undefined) ?? newEventId();
}

type FieldOutcome = { value: JsonValue } | EventRejection;

function normaliseField(field: DatasetField, value: unknown): FieldOutcome {
  if (value === undefined || value === null) {
    return field.nullable ? { value: null } : reject('MISSING_FIELD', `${field.name} is required`, field.name);
  }
  if (!field.list) return checked(field, normaliseScalar(field.type, value), value);
  if (!Array.isArray(value)) return wrongType(field, value);
  const items: JsonValue[] = [];
  for (const item of value) {
    const normalised = item === null ? undefined : normaliseScalar(field.type, item);
    if (normalised === undefined) return wrongType(field, item);
    items.push(normalised);
  }
  return { value: items };
}

function checked(field: DatasetField, normalised: JsonValue | undefined, value: unknown): FieldOutcome {
  return normalised === undefined ? wrongType(field, value) : { value: normalised };
}

function wrongType(field: DatasetField, value: unknown): EventRejection {
  const expected = TYPE_EXPECTATIONS[field.type];
  const shape = field.list ? `a list of ${expected} (no nulls)` : expected;
  return reject('WRONG_TYPE', `${field.name} must be ${shape}; got ${describe(value)}`, field.name);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function keyOf(runtime: DatasetRuntime, record: EventRecord, eventId: string): string {
  const value = runtime.keyField === undefined ? null : record[runtime.keyField];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : eventId;
}

function reject(code: EventRejection['code'], reason: string, field?: string): EventRejection {
  return field === undefined ? { ok: false, code, reason } : { ok: false, code, field, reason };
}

import type { CollectionSpec, FieldSpec, Row } from '../port.ts';
import { SourceError } from '../port.ts';
import { toDate } from '../query/values.ts';

/**
 * A row as a stored document: fields under their column names, DateTime as
 * BSON dates, and the key repeated as a string `_id` (stripped on read).
 */
export function toDocument(spec: CollectionSpec, row: Row): Record<string, unknown> {
  const doc: Record<string, unknown> = { _id: String(row[spec.key]) };
  for (const field of spec.fields) {
    const value = row[field.name] ?? null;
    doc[field.column] = field.type === 'DateTime' ? toStoredDate(field, value) : value;
  }
  return doc;
}

function toStoredDate(field: FieldSpec, value: unknown): unknown {
  if (value === null) return null;
  const one = (item: unknown): Date | null => (item === null ? null : (toDate(item) ?? invalid(field)));
  return field.list === true && Array.isArray(value) ? value.map(one) : one(value);
}

function invalid(field: FieldSpec): never {
  throw new SourceError('mongo', `field "${field.name}" needs a DateTime value`, false);
}

/** The projected fields of a stored document, keyed by logical name; missing fields read as null. */
export function fromDocument(fields: FieldSpec[], doc: Record<string, unknown>): Row {
  const row: Row = {};
  for (const field of fields) row[field.name] = doc[field.column] ?? null;
  return row;
}

/** A projection returning the columns of `fields` and not `_id`. */
export function projectionOf(fields: FieldSpec[]): Record<string, 0 | 1> {
  const projection: Record<string, 0 | 1> = { _id: 0 };
  for (const field of fields) projection[field.column] = 1;
  return projection;
}

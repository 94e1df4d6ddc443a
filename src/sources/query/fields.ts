import type { CollectionSpec, FieldSpec, SortKey } from '../port.ts';
import { SourceError } from '../port.ts';

/** The field spec for a logical name; an unknown name is a caller bug, never retriable. */
export function fieldNamed(adapter: string, spec: CollectionSpec, name: string): FieldSpec {
  const field = spec.fields.find((candidate) => candidate.name === name);
  if (field === undefined) {
    throw new SourceError(adapter, `unknown field "${name}" on "${spec.name}"`, false);
  }
  return field;
}

export function keyField(adapter: string, spec: CollectionSpec): FieldSpec {
  return fieldNamed(adapter, spec, spec.key);
}

/** Requested fields plus the key and the sort fields, each once, in a stable order. */
export function projectedFields(adapter: string, spec: CollectionSpec, fields: string[], orderBy: SortKey[]): FieldSpec[] {
  const names = new Set<string>([spec.key, ...fields, ...orderBy.map((sort) => sort.field)]);
  return [...names].map((name) => fieldNamed(adapter, spec, name));
}

/** Sort keys resolved to their specs; list and JSON fields have no order both stores share. */
export function sortFields(adapter: string, spec: CollectionSpec, orderBy: SortKey[]): Array<{ field: FieldSpec; direction: SortKey['direction'] }> {
  return orderBy.map((sort) => {
    const field = fieldNamed(adapter, spec, sort.field);
    if (field.list === true || field.type === 'JSON') {
      throw new SourceError(adapter, `cannot sort on ${field.list === true ? 'list' : 'JSON'} field "${field.name}"`, false);
    }
    return { field, direction: sort.direction };
  });
}

import type { CollectionSpec, FieldSpec, Filter } from '../port.ts';
import { UnsupportedFilterError } from '../port.ts';
import { fieldNamed } from './fields.ts';
import type { ScalarValue } from './values.ts';
import { scalarFilterValue } from './values.ts';
import { assertNever } from '../../common/index.ts';

/**
 * A filter with fields resolved and values checked, reduced to leaves that are
 * two-valued: every leaf except `isNull` is false on a NULL or missing value.
 * Hence `not` is the exact complement everywhere, and SQL and Mongo agree:
 * - `eq null` is `isNull`; `ne x` is `not(eq x)` (so NULL rows are included,
 *   like SQL `IS DISTINCT FROM` and Mongo `$ne`);
 * - `lt/lte/gt/gte null` and `in []` select nothing;
 * - `in` with a null among its values also selects NULL rows.
 */
export type ResolvedFilter =
  | { kind: 'const'; value: boolean }
  | { kind: 'and'; items: ResolvedFilter[] }
  | { kind: 'or'; items: ResolvedFilter[] }
  | { kind: 'not'; item: ResolvedFilter }
  | { kind: 'isNull'; field: FieldSpec }
  | { kind: 'compare'; op: RangeOp | 'eq'; field: FieldSpec; value: ScalarValue }
  | { kind: 'in'; field: FieldSpec; values: ScalarValue[]; includesNull: boolean }
  | { kind: 'contains'; field: FieldSpec; value: string };

export type RangeOp = 'lt' | 'lte' | 'gt' | 'gte';

export const NOTHING: ResolvedFilter = { kind: 'const', value: false };
export const EVERYTHING: ResolvedFilter = { kind: 'const', value: true };

export function resolveFilter(adapter: string, spec: CollectionSpec, filter: Filter): ResolvedFilter {
  switch (filter.op) {
    case 'const':
      return { kind: 'const', value: filter.value === true };
    case 'and':
    case 'or':
      return { kind: filter.op, items: filter.filters.map((item) => resolveFilter(adapter, spec, item)) };
    case 'not':
      return { kind: 'not', item: resolveFilter(adapter, spec, filter.filter) };
    case 'eq':
    case 'ne':
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      return resolveComparison(adapter, filterField(adapter, spec, filter.field), filter.op, filter.value);
    case 'in':
      return resolveIn(adapter, filterField(adapter, spec, filter.field), filter.values);
    case 'contains':
      return resolveContains(adapter, filterField(adapter, spec, filter.field), filter.value);
    default:
      return assertNever(filter, 'filter');
  }
}

function filterField(adapter: string, spec: CollectionSpec, name: string): FieldSpec {
  if (!spec.fields.some((field) => field.name === name)) {
    throw new UnsupportedFilterError(adapter, `unknown field "${name}"`);
  }
  return fieldNamed(adapter, spec, name);
}

function resolveComparison(adapter: string, field: FieldSpec, op: 'eq' | 'ne' | RangeOp, value: unknown): ResolvedFilter {
  if (value === null || value === undefined) {
    if (op === 'eq') return { kind: 'isNull', field };
    if (op === 'ne') return { kind: 'not', item: { kind: 'isNull', field } };
    return NOTHING;
  }
  requireScalarField(adapter, field);
  const checked = scalarFilterValue(adapter, field, value);
  if (op === 'ne') return { kind: 'not', item: { kind: 'compare', op: 'eq', field, value: checked } };
  return { kind: 'compare', op, field, value: checked };
}

function resolveIn(adapter: string, field: FieldSpec, values: unknown[]): ResolvedFilter {
  const includesNull = values.some((value) => value === null || value === undefined);
  const present = values.filter((value) => value !== null && value !== undefined);
  if (present.length === 0) return includesNull ? { kind: 'isNull', field } : NOTHING;
  requireScalarField(adapter, field);
  return { kind: 'in', field, values: present.map((value) => scalarFilterValue(adapter, field, value)), includesNull };
}

function resolveContains(adapter: string, field: FieldSpec, value: unknown): ResolvedFilter {
  if ((field.type !== 'String' && field.type !== 'ID') || field.list === true) {
    throw new UnsupportedFilterError(adapter, `contains needs a String field, "${field.name}" is ${field.type}`);
  }
  if (typeof value !== 'string') {
    throw new UnsupportedFilterError(adapter, `contains on "${field.name}" needs a string value`);
  }
  return { kind: 'contains', field, value };
}

/** List and JSON fields only take null checks: element and deep matching differ between stores. */
function requireScalarField(adapter: string, field: FieldSpec): void {
  if (field.list === true || field.type === 'JSON') {
    throw new UnsupportedFilterError(adapter, `only null checks are supported on ${field.list === true ? 'list' : 'JSON'} field "${field.name}"`);
  }
}

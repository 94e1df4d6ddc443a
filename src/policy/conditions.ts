/**
 * Rule conditions (MongoDB query syntax) → the port's Filter. Supported:
 * plain equality `{ field: value }`, field operators `$eq $ne $in $nin $lt
 * $lte $gt $gte $not`, and `$and $or $not` over condition objects. Several
 * operators on one field, or several fields, are ANDed. Conditions are
 * compiled after placeholders are substituted; DateTime fields get their
 * string values as Dates so that every adapter compares like with like.
 */
import type { Filter, Value } from '../sources/index.ts';
import { andFilters, notFilter, orFilters } from './filter.ts';
import { placeholderSyntaxIssue } from './placeholders.ts';

export const CONDITION_OPERATORS = ['$eq', '$ne', '$in', '$nin', '$lt', '$lte', '$gt', '$gte', '$and', '$or', '$not'] as const;
const FIELD_OPERATORS = new Set(['$eq', '$ne', '$in', '$nin', '$lt', '$lte', '$gt', '$gte', '$not']);
const LIST_OPERATORS = new Set(['$in', '$nin']);

export type FieldTypes = Record<string, { type: string }>;

export interface ConditionIssue {
  path: string;
  message: string;
}

/** Structural problems in a conditions object: unknown operators or fields, bad placeholders, wrong shapes. */
export function conditionIssues(conditions: unknown, fields: FieldTypes, path = 'conditions'): ConditionIssue[] {
  if (!isPlainObject(conditions)) return [{ path, message: 'must be an object of field conditions' }];
  const issues: ConditionIssue[] = [];
  for (const [key, value] of Object.entries(conditions)) {
    const at = `${path}.${key}`;
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(value) || value.length === 0) issues.push({ path: at, message: `${key} takes a non-empty list of conditions` });
      else {
        value.forEach((item, i) => {
          issues.push(...conditionIssues(item, fields, `${at}[${i}]`));
        });
      }
    } else if (key === '$not') {
      issues.push(...conditionIssues(value, fields, at));
    } else if (key.startsWith('$')) {
      issues.push({ path: at, message: unknownOperator(key) });
    } else if (!(key in fields)) {
      issues.push({ path: at, message: `unknown field "${key}"; fields: ${Object.keys(fields).join(', ')}` });
    } else {
      issues.push(...fieldConditionIssues(value, at));
    }
  }
  return issues;
}

function fieldConditionIssues(value: unknown, path: string): ConditionIssue[] {
  if (!isOperatorObject(value)) return scalarIssues(value, path);
  const issues: ConditionIssue[] = [];
  for (const [operator, operand] of Object.entries(value)) {
    const at = `${path}.${operator}`;
    if (!FIELD_OPERATORS.has(operator)) issues.push({ path: at, message: unknownOperator(operator) });
    else if (operator === '$not')
      issues.push(
        ...(isOperatorObject(operand)
          ? fieldConditionIssues(operand, at)
          : [{ path: at, message: '$not on a field takes an operator object, e.g. { $lt: 5 }' }]),
      );
    else if (LIST_OPERATORS.has(operator)) issues.push(...listIssues(operand, at));
    else issues.push(...scalarIssues(operand, at));
  }
  return issues;
}

function listIssues(operand: unknown, path: string): ConditionIssue[] {
  if (typeof operand === 'string' && !placeholderSyntaxIssue(operand) && operand.startsWith('${')) return [];
  if (!Array.isArray(operand)) return [{ path, message: 'takes a list of values or a placeholder holding one' }];
  return operand.flatMap((item, i) => scalarIssues(item, `${path}[${i}]`));
}

function scalarIssues(value: unknown, path: string): ConditionIssue[] {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
    const message = typeof value === 'string' ? placeholderSyntaxIssue(value) : undefined;
    return message ? [{ path, message }] : [];
  }
  return [{ path, message: 'must be a string, number, boolean, null or placeholder (use $in for lists)' }];
}

function unknownOperator(operator: string): string {
  return `unknown operator "${operator}"; allowed: ${CONDITION_OPERATORS.join(' ')} and plain equality`;
}

/** Compiles substituted, validated conditions. */
export function compileConditions(conditions: Record<string, unknown>, fields: FieldTypes): Filter {
  return andFilters(Object.entries(conditions).map(([key, value]) => compileEntry(key, value, fields)));
}

function compileEntry(key: string, value: unknown, fields: FieldTypes): Filter {
  switch (key) {
    case '$and':
      return andFilters((value as Record<string, unknown>[]).map((c) => compileConditions(c, fields)));
    case '$or':
      return orFilters((value as Record<string, unknown>[]).map((c) => compileConditions(c, fields)));
    case '$not':
      return notFilter(compileConditions(value as Record<string, unknown>, fields));
    default:
      return compileField(key, value, fields[key]?.type);
  }
}

function compileField(field: string, value: unknown, type: string | undefined): Filter {
  const cast = (v: unknown) => castValue(v, type);
  if (!isOperatorObject(value)) return equality(field, cast(value));
  return andFilters(
    Object.entries(value).map(([operator, operand]): Filter => {
      switch (operator) {
        case '$eq':
          return equality(field, cast(operand));
        case '$ne':
          return notFilter(equality(field, cast(operand)));
        case '$in':
          return { op: 'in', field, values: asList(operand).map(cast) };
        case '$nin':
          return notFilter({ op: 'in', field, values: asList(operand).map(cast) });
        case '$lt':
        case '$lte':
        case '$gt':
        case '$gte':
          return { op: operator.slice(1) as 'lt', field, value: cast(operand) };
        case '$not':
          return notFilter(compileField(field, operand, type));
        default:
          throw new Error(`operator ${operator} passed validation but has no compilation`);
      }
    }),
  );
}

/** `eq`, or `in` when a placeholder substituted a list (e.g. `${user.roles}`). */
function equality(field: string, value: Value): Filter {
  return Array.isArray(value) ? { op: 'in', field, values: value as Value[] } : { op: 'eq', field, value };
}

function asList(operand: unknown): unknown[] {
  return Array.isArray(operand) ? operand : [operand];
}

function castValue(value: unknown, type: string | undefined): Value {
  if (type === 'DateTime' && typeof value === 'string') return new Date(value);
  if (Array.isArray(value)) return value.map((v) => castValue(v, type)) as Value;
  return value as Value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  return isPlainObject(value) && Object.keys(value).length > 0 && Object.keys(value).every((k) => k.startsWith('$'));
}

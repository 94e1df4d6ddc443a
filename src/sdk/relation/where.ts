/**
 * `filter` takes the shared `where` grammar, the same shape as the GraphQL
 * API's `where` (`{ field: { eq ne in lt lte gt gte contains isNull }, and,
 * or, not }`). The engine turns it into the record-source port's `Filter`
 * with the API's own converter; here only names and operators are checked,
 * against the relation's schema, when the plan is built.
 */
import type { FieldType } from '../field-types.ts';
import { columnOf, PlanError, type RelationSchema } from './schema.ts';

export type WhereValue = string | number | boolean | Date;

export interface FieldCondition {
  eq?: WhereValue;
  ne?: WhereValue;
  in?: WhereValue[];
  lt?: WhereValue;
  lte?: WhereValue;
  gt?: WhereValue;
  gte?: WhereValue;
  contains?: string;
  isNull?: boolean;
}

export type Where = { and?: Where[]; or?: Where[]; not?: Where } & { [field: string]: FieldCondition | Where | Where[] | undefined };

/** The where grammar's operators per field type (the API's filter inputs use them too; JSON is filterable only in pipelines). */
export const WHERE_OPERATORS: Record<FieldType, readonly string[]> = {
  ID: ['eq', 'ne', 'in', 'isNull'],
  String: ['eq', 'ne', 'in', 'lt', 'lte', 'gt', 'gte', 'contains', 'isNull'],
  Int: ['eq', 'ne', 'in', 'lt', 'lte', 'gt', 'gte', 'isNull'],
  Float: ['eq', 'ne', 'in', 'lt', 'lte', 'gt', 'gte', 'isNull'],
  Boolean: ['eq', 'ne', 'isNull'],
  DateTime: ['eq', 'ne', 'in', 'lt', 'lte', 'gt', 'gte', 'isNull'],
  JSON: ['isNull'],
};

/** Throws a PlanError naming the first unknown field or operator. */
export function checkWhere(where: Where, schema: RelationSchema, at: string): void {
  for (const [name, value] of Object.entries(where)) {
    if (value === undefined) continue;
    if (name === 'and' || name === 'or') {
      if (!Array.isArray(value)) throw new PlanError(`${at}: ${name} takes a list of conditions`);
      for (const item of value) checkWhere(item, schema, at);
    } else if (name === 'not') checkWhere(value as Where, schema, at);
    else checkCondition(name, value as FieldCondition, schema, at);
  }
}

function checkCondition(name: string, condition: FieldCondition, schema: RelationSchema, at: string): void {
  const column = columnOf(schema, name, at);
  const allowed = column.list ? ['isNull'] : WHERE_OPERATORS[column.type];
  for (const [op, value] of Object.entries(condition)) {
    if (!allowed.includes(op)) {
      throw new PlanError(`${at}: ${op} does not apply to ${name} (${column.type}${column.list ? ' list' : ''}); allowed: ${allowed.join(', ')}`, name);
    }
    const values = op === 'in' && Array.isArray(value) ? value : [value];
    const expected: FieldType = op === 'isNull' ? 'Boolean' : op === 'contains' ? 'String' : column.type;
    const bad = values.find((item) => !fits(expected, item));
    if (bad !== undefined || (op === 'in' && !Array.isArray(value))) {
      throw new PlanError(`${at}: ${name}.${op} takes ${op === 'in' ? 'a list of ' : ''}${expected} values, got ${JSON.stringify(value)}`, name);
    }
  }
}

/** Whether a filter value fits a field type (null never does: use isNull). */
function fits(type: FieldType, value: unknown): boolean {
  switch (type) {
    case 'ID':
    case 'String':
      return typeof value === 'string';
    case 'Int':
      return Number.isInteger(value);
    case 'Float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'Boolean':
      return typeof value === 'boolean';
    case 'DateTime':
      return (value instanceof Date || typeof value === 'string') && !Number.isNaN(new Date(value).getTime());
    default:
      return false;
  }
}

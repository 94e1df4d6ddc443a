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

const OPERATORS: Record<FieldType, readonly string[]> = {
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
  const allowed = column.list ? ['isNull'] : OPERATORS[column.type];
  for (const op of Object.keys(condition)) {
    if (!allowed.includes(op)) {
      throw new PlanError(`${at}: ${op} does not apply to ${name} (${column.type}${column.list ? ' list' : ''}); allowed: ${allowed.join(', ')}`, name);
    }
  }
}

/** Fields a `where` reads. */
export function whereFields(where: Where): string[] {
  return Object.entries(where).flatMap(([name, value]) => {
    if (value === undefined) return [];
    if (name === 'and' || name === 'or') return (value as Where[]).flatMap(whereFields);
    if (name === 'not') return whereFields(value as Where);
    return [name];
  });
}

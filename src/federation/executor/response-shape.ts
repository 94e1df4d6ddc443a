import { GraphQLError, isListType, isNonNullType, type GraphQLOutputType } from 'graphql';
import type { FieldCondition, NormalizedField, NormalizedSelection } from '../planner/index.ts';
import { MISSING_ENTITY } from './merge.ts';

const LEAF = 0;
const OBJECT = 1;
const ABSTRACT = 2;
const TYPENAME = 3;

/** A client field, precompiled once per plan for the response walk. */
interface FieldShape {
  key: string;
  fieldName: string;
  kind: number;
  /** nonNull[d]: is the value at list depth d non-null (d = 0 is the field itself). */
  nonNull: boolean[];
  listDepth: number;
  object: ObjectShape | null;
  byType: Record<string, ObjectShape> | null;
  conditions: FieldCondition[][] | null;
}

export interface ObjectShape {
  typeName: string;
  fields: FieldShape[];
}

export function compileObjectShape(typeName: string, fields: NormalizedField[]): ObjectShape {
  return { typeName, fields: fields.map(compileField) };
}

function compileField(field: NormalizedField): FieldShape {
  const nonNull: boolean[] = [];
  let type = field.type as GraphQLOutputType;
  for (;;) {
    const required = isNonNullType(type);
    if (isNonNullType(type)) type = type.ofType as GraphQLOutputType;
    nonNull.push(required);
    if (!isListType(type)) break;
    type = type.ofType as GraphQLOutputType;
  }
  const selection = field.selection;
  const kind = field.name === '__typename' ? TYPENAME : selection === null ? LEAF : selection.kind === 'object' ? OBJECT : ABSTRACT;
  return {
    key: field.responseKey,
    fieldName: field.name,
    kind,
    nonNull,
    listDepth: nonNull.length - 1,
    object: selection?.kind === 'object' ? compileObjectShape(selection.typeName, selection.fields) : null,
    byType: selection?.kind === 'abstract' ? compileByType(selection) : null,
    conditions: field.conditions,
  };
}

function compileByType(selection: Extract<NormalizedSelection, { kind: 'abstract' }>): Record<string, ObjectShape> {
  const byType: Record<string, ObjectShape> = Object.create(null);
  for (const [typeName, fields] of selection.byType) byType[typeName] = compileObjectShape(typeName, fields);
  return byType;
}

const BUBBLE: unique symbol = Symbol('null-bubble');
type Completed = unknown;

interface WalkContext {
  variables: Record<string, unknown>;
  errors: GraphQLError[];
  /** Report non-null violations only when no subgraph error already explains the missing data. */
  reportNulls: boolean;
  path: (string | number)[];
}

/**
 * Produces the client's response from the merged data in one pass: client order and aliases, `__typename`,
 * @skip/@include, planner-added fields dropped, null propagation for non-null fields per the GraphQL spec.
 */
export function shapeResponse(
  root: ObjectShape,
  data: Record<string, unknown>,
  variables: Record<string, unknown>,
  errors: GraphQLError[],
): Record<string, unknown> | null {
  const ctx: WalkContext = { variables, errors, reportNulls: errors.length === 0, path: [] };
  const result = completeObject(root, data, ctx);
  return result === BUBBLE ? null : (result as Record<string, unknown>);
}

function completeObject(shape: ObjectShape, source: Record<string, unknown>, ctx: WalkContext): Completed {
  const out: Record<string, unknown> = {};
  const fields = shape.fields;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    if (field.conditions !== null && !isIncluded(field.conditions, ctx.variables)) continue;
    if (field.kind === TYPENAME) {
      out[field.key] = shape.typeName;
      continue;
    }
    const value = source[field.key];
    if (field.kind === LEAF && field.listDepth === 0) {
      if (value === undefined || value === null) {
        if (field.nonNull[0]) return violation(ctx, shape, field, field.key);
        out[field.key] = null;
      } else out[field.key] = value;
      continue;
    }
    ctx.path.push(field.key);
    const completed = completeValue(shape, field, value, 0, ctx);
    ctx.path.pop();
    if (completed === BUBBLE) return BUBBLE;
    out[field.key] = completed;
  }
  return out;
}

function completeValue(parent: ObjectShape, field: FieldShape, value: unknown, depth: number, ctx: WalkContext): Completed {
  if (value === undefined || value === null) return field.nonNull[depth] ? violation(ctx, parent, field, null) : null;
  if (depth < field.listDepth) {
    if (!Array.isArray(value)) return field.nonNull[depth] ? BUBBLE : null;
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      ctx.path.push(i);
      const item = completeValue(parent, field, value[i], depth + 1, ctx);
      ctx.path.pop();
      if (item === BUBBLE) return field.nonNull[depth] ? BUBBLE : null;
      out[i] = item;
    }
    return out;
  }
  if (field.kind === LEAF) return value;
  const source = value as Record<string | symbol, unknown>;
  if (source[MISSING_ENTITY] === true) return field.nonNull[depth] ? violation(ctx, parent, field, null) : null;
  const shape = field.kind === OBJECT ? field.object : field.byType![source.__typename as string];
  const completed = shape ? completeObject(shape, source, ctx) : null;
  if (completed === BUBBLE || completed === null) return field.nonNull[depth] ? BUBBLE : null;
  return completed;
}

function violation(ctx: WalkContext, parent: ObjectShape, field: FieldShape, leafKey: string | null): typeof BUBBLE {
  if (ctx.reportNulls) {
    const path = leafKey === null ? [...ctx.path] : [...ctx.path, leafKey];
    const message = `Cannot return null for non-nullable field ${parent.typeName}.${field.fieldName}.`;
    ctx.errors.push(new GraphQLError(message, { path, extensions: { code: 'INTERNAL' } }));
    ctx.reportNulls = false;
  }
  return BUBBLE;
}

function isIncluded(conditions: FieldCondition[][], variables: Record<string, unknown>): boolean {
  return conditions.some((all) => all.every((c) => (c.skip ? variables[c.variable] !== true : variables[c.variable] === true)));
}

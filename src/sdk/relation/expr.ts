/**
 * The typed expression builder `derive` takes: column references, literals,
 * arithmetic, comparisons, logic, `coalesce`, `dateTrunc`, `toDate` and
 * `caseWhen`. Expressions are data, never SQL text; their type is inferred
 * against a schema when a plan is built, so a type error names the field.
 */
import type { FieldType } from '../field-types.ts';
import { assertNever } from '../../common/index.ts';
import { type ColumnSchema, columnOf, mergeClassification, PlanError, type RelationSchema } from './schema.ts';

export type Literal = string | number | boolean | Date | null;
export type Grain = 'hour' | 'day' | 'week' | 'month' | 'year';
export type ArithmeticOp = 'add' | 'sub' | 'mul' | 'div';
export type CompareOp = 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte';

export type Expr =
  | { kind: 'col'; name: string }
  | { kind: 'lit'; value: Literal; type: FieldType }
  | { kind: 'arith'; op: ArithmeticOp; left: Expr; right: Expr }
  | { kind: 'compare'; op: CompareOp; left: Expr; right: Expr }
  | { kind: 'logic'; op: 'and' | 'or'; items: Expr[] }
  | { kind: 'not'; item: Expr }
  | { kind: 'isNull'; item: Expr }
  | { kind: 'coalesce'; items: Expr[] }
  | { kind: 'dateTrunc'; grain: Grain; item: Expr }
  | { kind: 'toDate'; item: Expr }
  | { kind: 'case'; whens: Array<{ when: Expr; value: Expr }>; otherwise: Expr }
  /** The start or end (exclusive) of the partition a run computes, bound when it runs. */
  | { kind: 'partition'; bound: 'start' | 'end' };

/** A column name or an expression, where an expression is expected. */
export type ExprLike = Expr | string;

const asExpr = (value: ExprLike): Expr => (typeof value === 'string' ? col(value) : value);

export const col = (name: string): Expr => ({ kind: 'col', name });

/** A literal; `type` defaults from the value (integers are Int, Dates DateTime); a null needs one. */
export function lit(value: Literal, type?: FieldType): Expr {
  return { kind: 'lit', value, type: type ?? literalType(value) };
}

function literalType(value: Literal): FieldType {
  if (value === null) throw new PlanError('lit(null) needs a type: lit(null, "String")');
  if (value instanceof Date) return 'DateTime';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Int' : 'Float';
  return typeof value === 'boolean' ? 'Boolean' : 'String';
}

const arith =
  (op: ArithmeticOp) =>
  (left: ExprLike, right: ExprLike): Expr => ({ kind: 'arith', op, left: asExpr(left), right: asExpr(right) });
const compare =
  (op: CompareOp) =>
  (left: ExprLike, right: ExprLike): Expr => ({ kind: 'compare', op, left: asExpr(left), right: asExpr(right) });

export const add = arith('add');
export const sub = arith('sub');
export const mul = arith('mul');
/** Division is always Float (no integer truncation); NULL when dividing by zero. */
export const div = arith('div');
export const eq = compare('eq');
export const ne = compare('ne');
export const lt = compare('lt');
export const lte = compare('lte');
export const gt = compare('gt');
export const gte = compare('gte');
export const and = (...items: ExprLike[]): Expr => ({ kind: 'logic', op: 'and', items: items.map(asExpr) });
export const or = (...items: ExprLike[]): Expr => ({ kind: 'logic', op: 'or', items: items.map(asExpr) });
export const not = (item: ExprLike): Expr => ({ kind: 'not', item: asExpr(item) });
export const isNull = (item: ExprLike): Expr => ({ kind: 'isNull', item: asExpr(item) });
export const coalesce = (...items: ExprLike[]): Expr => ({ kind: 'coalesce', items: items.map(asExpr) });
/** Truncates a DateTime to the start of its hour, day, ISO week, month or year (UTC). */
export const dateTrunc = (grain: Grain, item: ExprLike): Expr => ({ kind: 'dateTrunc', grain, item: asExpr(item) });
/** A DateTime (or an ISO-8601 String) to midnight UTC of its day. */
export const toDate = (item: ExprLike): Expr => ({ kind: 'toDate', item: asExpr(item) });
/** The first instant of the partition being computed (a day-partitioned step: its midnight UTC). */
export const partitionStart = (): Expr => ({ kind: 'partition', bound: 'start' });
/** The end of the partition being computed (exclusive): the next partition's start. */
export const partitionEnd = (): Expr => ({ kind: 'partition', bound: 'end' });
/** `caseWhen([[cond, value], …], otherwise)`: the first matching branch's value. */
export const caseWhen = (whens: Array<[ExprLike, ExprLike]>, otherwise: ExprLike): Expr => ({
  kind: 'case',
  whens: whens.map(([when, then]) => ({ when: asExpr(when), value: asExpr(then) })),
  otherwise: asExpr(otherwise),
});

const NUMERIC = new Set<FieldType>(['Int', 'Float']);
const ORDERED = new Set<FieldType>(['Int', 'Float', 'String', 'ID', 'DateTime']);

export function isNumeric(type: FieldType): boolean {
  return NUMERIC.has(type);
}

/** The type of `expr` over `schema`; throws a PlanError naming the field or operand at fault. */
export function exprType(expr: Expr, schema: RelationSchema, at: string): ColumnSchema {
  switch (expr.kind) {
    case 'col':
      return columnOf(schema, expr.name, at);
    case 'lit':
      return { type: expr.type, nullable: expr.value === null, list: false, classification: [] };
    case 'arith':
      return arithmeticType(expr, schema, at);
    case 'compare':
      return comparisonType(expr, schema, at);
    case 'logic':
      return booleanOf(expr.items.map((item) => expectType(item, schema, at, ['Boolean'])));
    case 'not':
      return booleanOf([expectType(expr.item, schema, at, ['Boolean'])]);
    case 'isNull':
      return { type: 'Boolean', nullable: false, list: false, classification: exprType(expr.item, schema, at).classification };
    case 'coalesce':
      return commonType(expr.items, schema, at, 'coalesce');
    case 'dateTrunc':
      return { ...expectType(expr.item, schema, at, ['DateTime']), type: 'DateTime' };
    case 'toDate':
      return { ...expectType(expr.item, schema, at, ['DateTime', 'String']), type: 'DateTime' };
    case 'case': {
      const conditions = expr.whens.map((branch) => expectType(branch.when, schema, at, ['Boolean']));
      const result = commonType([...expr.whens.map((branch) => branch.value), expr.otherwise], schema, at, 'caseWhen');
      return { ...result, classification: mergeClassification(result.classification, ...conditions.map((c) => c.classification)) };
    }
    case 'partition':
      return { type: 'DateTime', nullable: false, list: false, classification: [] };
    default:
      return assertNever(expr, 'expression');
  }
}

function expectType(expr: Expr, schema: RelationSchema, at: string, allowed: FieldType[]): ColumnSchema {
  const type = exprType(expr, schema, at);
  if (type.list || !allowed.includes(type.type)) {
    throw new PlanError(`${at}: ${describeExpr(expr)} is ${type.type}${type.list ? ' list' : ''}; expected ${allowed.join(' or ')}`, fieldOf(expr));
  }
  return type;
}

function arithmeticType(expr: Extract<Expr, { kind: 'arith' }>, schema: RelationSchema, at: string): ColumnSchema {
  const left = expectType(expr.left, schema, at, ['Int', 'Float']);
  const right = expectType(expr.right, schema, at, ['Int', 'Float']);
  const type: FieldType = expr.op === 'div' || left.type === 'Float' || right.type === 'Float' ? 'Float' : 'Int';
  const nullable = left.nullable || right.nullable || expr.op === 'div';
  return { type, nullable, list: false, classification: mergeClassification(left.classification, right.classification) };
}

function comparisonType(expr: Extract<Expr, { kind: 'compare' }>, schema: RelationSchema, at: string): ColumnSchema {
  const left = exprType(expr.left, schema, at);
  const right = exprType(expr.right, schema, at);
  const comparable = sameFamily(left.type, right.type) && !left.list && !right.list && left.type !== 'JSON';
  if (!comparable || (expr.op !== 'eq' && expr.op !== 'ne' && !ORDERED.has(left.type))) {
    throw new PlanError(
      `${at}: cannot compare ${describeExpr(expr.left)} (${left.type}) ${expr.op} ${describeExpr(expr.right)} (${right.type})`,
      fieldOf(expr.left),
    );
  }
  return booleanOf([left, right]);
}

function commonType(items: Expr[], schema: RelationSchema, at: string, what: string): ColumnSchema {
  if (items.length === 0) throw new PlanError(`${at}: ${what} needs at least one operand`);
  const types = items.map((item) => exprType(item, schema, at));
  const first = types[0]!;
  for (const [index, type] of types.entries()) {
    if (!sameFamily(first.type, type.type) || first.list !== type.list) {
      throw new PlanError(`${at}: ${what} mixes ${first.type} and ${type.type} (${describeExpr(items[index]!)})`, fieldOf(items[index]!));
    }
  }
  const type: FieldType = types.some((t) => t.type === 'Float') ? 'Float' : first.type;
  const nullable = what === 'coalesce' ? types.every((t) => t.nullable) : types.some((t) => t.nullable);
  return { type, nullable, list: first.list, classification: mergeClassification(...types.map((t) => t.classification)) };
}

function sameFamily(a: FieldType, b: FieldType): boolean {
  const family = (t: FieldType) => (t === 'Int' || t === 'Float' ? 'number' : t === 'ID' ? 'String' : t);
  return family(a) === family(b);
}

function booleanOf(parts: ColumnSchema[]): ColumnSchema {
  return { type: 'Boolean', nullable: parts.some((p) => p.nullable), list: false, classification: mergeClassification(...parts.map((p) => p.classification)) };
}

function fieldOf(expr: Expr): string | undefined {
  return expr.kind === 'col' ? expr.name : undefined;
}

function describeExpr(expr: Expr): string {
  if (expr.kind === 'col') return `field ${expr.name}`;
  if (expr.kind === 'lit') return `literal ${JSON.stringify(expr.value)}`;
  return `${expr.kind} expression`;
}

/**
 * A plan expression as DuckDB SQL over the row alias `"t"`: identifiers are
 * quoted, literals are typed parameters, function names come from fixed tables.
 */
import { assertNever } from '../../common/index.ts';
import { quoteDuckIdent } from '../../lake/index.ts';
import type { Expr, FieldType, Grain } from '../../sdk/index.ts';
import { type DuckParams, duckType, toDuck } from './duck-values.ts';

const COMPARE = { eq: '=', ne: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;
const ARITHMETIC = { add: '+', sub: '-', mul: '*' } as const;
const GRAINS: readonly Grain[] = ['hour', 'day', 'week', 'month', 'year'];
const SQL_TYPES: Record<FieldType, string> = {
  ID: 'VARCHAR',
  String: 'VARCHAR',
  JSON: 'VARCHAR',
  Int: 'INTEGER',
  Float: 'DOUBLE',
  Boolean: 'BOOLEAN',
  DateTime: 'TIMESTAMPTZ',
};

export function sqlType(type: FieldType): string {
  const sql = SQL_TYPES[type];
  if (sql === undefined) throw new TypeError(`unknown field type ${String(type)}`);
  return sql;
}

export const column = (alias: string, name: string): string => `${quoteDuckIdent(alias)}.${quoteDuckIdent(name)}`;

/** The partition a run computes: what `partitionStart()` and `partitionEnd()` stand for. */
export interface PartitionBounds {
  start: Date;
  end: Date;
}

export function exprSql(expr: Expr, params: DuckParams, partition: PartitionBounds | undefined, alias = 't'): string {
  const recurse = (item: Expr) => exprSql(item, params, partition, alias);
  switch (expr.kind) {
    case 'col':
      return column(alias, expr.name);
    case 'lit':
      return expr.value === null
        ? `CAST(NULL AS ${sqlType(expr.type)})`
        : `CAST(${params.add(toDuck({ type: expr.type, list: false }, expr.value, 'literal'), duckType(expr.type))} AS ${sqlType(expr.type)})`;
    case 'arith':
      if (expr.op === 'div') return `(CAST(${recurse(expr.left)} AS DOUBLE) / NULLIF(CAST(${recurse(expr.right)} AS DOUBLE), 0))`;
      return `(${recurse(expr.left)} ${operator(ARITHMETIC, expr.op)} ${recurse(expr.right)})`;
    case 'compare':
      return `(${recurse(expr.left)} ${operator(COMPARE, expr.op)} ${recurse(expr.right)})`;
    case 'logic':
      return expr.items.length === 0 ? (expr.op === 'and' ? 'TRUE' : 'FALSE') : `(${expr.items.map(recurse).join(expr.op === 'and' ? ' AND ' : ' OR ')})`;
    case 'not':
      return `(NOT ${recurse(expr.item)})`;
    case 'isNull':
      return `(${recurse(expr.item)} IS NULL)`;
    case 'coalesce':
      return `COALESCE(${expr.items.map(recurse).join(', ')})`;
    case 'dateTrunc':
      if (!GRAINS.includes(expr.grain)) throw new TypeError(`unknown grain ${String(expr.grain)}; grains are ${GRAINS.join(', ')}`);
      return `date_trunc('${expr.grain}', ${recurse(expr.item)})`;
    case 'toDate':
      return `date_trunc('day', CAST(${recurse(expr.item)} AS TIMESTAMPTZ))`;
    case 'case':
      return `(CASE ${expr.whens.map((branch) => `WHEN ${recurse(branch.when)} THEN ${recurse(branch.value)}`).join(' ')} ELSE ${recurse(expr.otherwise)} END)`;
    case 'partition': {
      if (!partition) throw new TypeError(`the plan reads partition${expr.bound === 'start' ? 'Start' : 'End'}(); run it with a partition`);
      const time = expr.bound === 'start' ? partition.start : partition.end;
      return `CAST(${params.add(toDuck({ type: 'DateTime', list: false }, time, 'partition'), duckType('DateTime'))} AS TIMESTAMPTZ)`;
    }
    default:
      return assertNever(expr, 'expression');
  }
}

function operator<K extends string>(table: Record<K, string>, op: K): string {
  const sql = Object.hasOwn(table, op) ? table[op] : undefined;
  if (sql === undefined) throw new TypeError(`unknown operator ${String(op)}`);
  return sql;
}

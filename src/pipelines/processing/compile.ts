/**
 * A plan compiled to DuckDB: one SELECT per SQL stretch of the plan, nested
 * as subqueries, and a stage break at each row function (its input query
 * runs, the JS function maps the rows, they land in a table the rest of the
 * plan reads). Identifiers are quoted; every value is a typed parameter.
 */
import { assertNever } from '../../common/index.ts';
import { filterFromWhere } from '../../api/index.ts';
import { duckWhere, quoteDuckIdent } from '../../lake/index.ts';
import type { CollectionSpec } from '../../sources/index.ts';
import type { Aggregate, PlanNode, RelationSchema, RowFunction, SortSpec, WindowFunction } from '../../sdk/index.ts';
import { DuckParams } from './duck-values.ts';
import { column, exprSql, type PartitionBounds, sqlType } from './expr-sql.ts';

export interface SqlQuery {
  sql: string;
  params: DuckParams;
}

/** A row-function stage: run `input`, apply `fn`, append the rows to `table` (unquoted; columns of `schema`). */
export interface RowStage {
  input: SqlQuery;
  inputSchema: RelationSchema;
  fn: RowFunction;
  schema: RelationSchema;
  table: string;
}

export interface CompiledPlan {
  /** Inputs the plan reads, by name, with the schema each must have. */
  inputs: Map<string, RelationSchema>;
  /** Row stages, in the order they must run. */
  stages: RowStage[];
  /** The result, every column cast to its declared type, in schema order. */
  result: SqlQuery;
  schema: RelationSchema;
  partition: PartitionBounds | undefined;
}

/** The table (unquoted name) an input is bound to. */
export const inputTable = (name: string): string => `input_${name}`;

export function compilePlan(plan: PlanNode, partition?: PartitionBounds): CompiledPlan {
  const compiled: CompiledPlan = { inputs: new Map(), stages: [], result: { sql: '', params: new DuckParams() }, schema: plan.schema, partition };
  const inner = nodeSql(plan, compiled.result.params, compiled);
  const casts = Object.entries(plan.schema).map(
    ([name, col]) => `CAST(${column('t', name)} AS ${sqlType(col.type)}${col.list ? '[]' : ''}) AS ${quoteDuckIdent(name)}`,
  );
  compiled.result.sql = `SELECT ${casts.join(', ')} FROM (${inner}) AS "t"`;
  return compiled;
}

function nodeSql(node: PlanNode, params: DuckParams, compiled: CompiledPlan): string {
  const from = (input: PlanNode) => `FROM (${nodeSql(input, params, compiled)}) AS "t"`;
  switch (node.kind) {
    case 'input':
      compiled.inputs.set(node.name, node.schema);
      return `SELECT ${columns(node.schema, 't')} FROM ${quoteDuckIdent(inputTable(node.name))} AS "t"`;
    case 'filter': {
      const filter = filterFromWhere(node.where as Record<string, unknown>, 'filter');
      if (filter === undefined) return `SELECT * ${from(node.input)}`;
      const where = duckWhere(specOf(node.input.schema), filter);
      const input = from(node.input);
      return `SELECT * ${input} WHERE ${params.absorb(where.sql, where.values, where.types)}`;
    }
    case 'select':
      return `SELECT ${columns(node.schema, 't')} ${from(node.input)}`;
    case 'derive':
      return deriveSql(node, from(node.input), params, compiled.partition);
    case 'join':
    case 'asOfJoin':
      return joinSql(node, params, compiled);
    case 'aggregate':
      return aggregateSql(node.keys, node.aggregates, from(node.input));
    case 'window':
      return windowNodeSql(node, from(node.input));
    case 'dedupe':
      return `SELECT ${columns(node.schema, 't')} ${from(node.input)} QUALIFY ROW_NUMBER() OVER (${overSql(node.key, node.orderBy)}) = 1`;
    case 'union':
      return node.inputs.map((input) => `SELECT ${columns(node.schema, 't')} FROM (${nodeSql(input, params, compiled)}) AS "t"`).join(' UNION ALL ');
    case 'rows':
      return rowStage(node, compiled);
    default:
      return assertNever(node, 'plan node');
  }
}

function deriveSql(node: Extract<PlanNode, { kind: 'derive' }>, from: string, params: DuckParams, partition: PartitionBounds | undefined): string {
  const list = Object.keys(node.schema).map((name) =>
    Object.hasOwn(node.columns, name) ? `${exprSql(node.columns[name]!, params, partition)} AS ${quoteDuckIdent(name)}` : column('t', name),
  );
  return `SELECT ${list.join(', ')} ${from}`;
}

function windowNodeSql(node: Extract<PlanNode, { kind: 'window' }>, from: string): string {
  const over = overSql(node.partitionBy, node.orderBy);
  const list = Object.keys(node.schema).map((name) =>
    Object.hasOwn(node.columns, name) ? `${windowSql(node.columns[name]!, over)} AS ${quoteDuckIdent(name)}` : column('t', name),
  );
  return `SELECT ${list.join(', ')} ${from}`;
}

function rowStage(node: Extract<PlanNode, { kind: 'rows' }>, compiled: CompiledPlan): string {
  const params = new DuckParams();
  const input = nodeSql(node.input, params, compiled);
  // A reduce sees its groups one after another: the input arrives sorted by the group keys.
  const sql =
    node.fn.mode === 'reduce' && node.fn.keys.length > 0
      ? `SELECT * FROM (${input}) AS "t" ORDER BY ${node.fn.keys.map((key) => `${column('t', key)} ASC NULLS FIRST`).join(', ')}`
      : input;
  const table = `stage_${compiled.stages.length + 1}`;
  compiled.stages.push({ input: { sql, params }, inputSchema: node.input.schema, fn: node.fn, schema: node.schema, table });
  return `SELECT ${columns(node.schema, 't')} FROM ${quoteDuckIdent(table)} AS "t"`;
}

function joinSql(node: Extract<PlanNode, { kind: 'join' | 'asOfJoin' }>, params: DuckParams, compiled: CompiledPlan): string {
  const left = nodeSql(node.left, params, compiled);
  const right = nodeSql(node.right, params, compiled);
  const conditions = Object.entries(node.on).map(([l, r]) => `${column('l', l)} = ${column('r', r)}`);
  const list = [...Object.keys(node.left.schema).map((name) => column('l', name)), ...node.rightFields.map((name) => column('r', name))];
  let kind: string;
  if (node.kind === 'asOfJoin') {
    // DuckDB's ASOF join: per left row, the right row with the greatest time ≤ the left's time.
    conditions.push(`${column('l', node.time.left)} >= ${column('r', node.time.right)}`);
    kind = 'ASOF LEFT JOIN';
  } else kind = node.type === 'left' ? 'LEFT JOIN' : 'INNER JOIN';
  return `SELECT ${list.join(', ')} FROM (${left}) AS "l" ${kind} (${right}) AS "r" ON ${conditions.join(' AND ')}`;
}

function aggregateSql(keys: string[], aggregates: Record<string, Aggregate>, from: string): string {
  const list = [...keys.map((key) => column('t', key)), ...Object.entries(aggregates).map(([name, agg]) => `${aggregateFn(agg)} AS ${quoteDuckIdent(name)}`)];
  const group = keys.length ? ` GROUP BY ${keys.map((key) => column('t', key)).join(', ')}` : '';
  return `SELECT ${list.join(', ')} ${from}${group}`;
}

function aggregateFn(agg: Aggregate): string {
  switch (agg.fn) {
    case 'count':
      return 'COUNT(*)';
    case 'countDistinct':
      return `COUNT(DISTINCT ${column('t', agg.field)})`;
    case 'sum':
      return `SUM(${column('t', agg.field)})`;
    case 'avg':
      return `AVG(CAST(${column('t', agg.field)} AS DOUBLE))`;
    case 'min':
      return `MIN(${column('t', agg.field)})`;
    case 'max':
      return `MAX(${column('t', agg.field)})`;
    default:
      return assertNever(agg, 'aggregate');
  }
}

const RUNNING = 'ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW';

function windowSql(fn: WindowFunction, over: string): string {
  switch (fn.fn) {
    case 'rowNumber':
      return `ROW_NUMBER() OVER (${over})`;
    case 'lag':
    case 'lead':
      if (!Number.isInteger(fn.offset) || fn.offset < 1) throw new TypeError(`${fn.fn} offset must be a positive integer`);
      return `${fn.fn.toUpperCase()}(${column('t', fn.field)}, ${fn.offset}) OVER (${over})`;
    case 'runningSum':
      return `SUM(${column('t', fn.field)}) OVER (${over} ${RUNNING})`;
    case 'runningCount':
      return `COUNT(*) OVER (${over} ${RUNNING})`;
    default:
      return assertNever(fn, 'window function');
  }
}

/** NULL sorts first ascending and last descending, as everywhere in meshgate. */
function overSql(partitionBy: string[], orderBy: SortSpec[]): string {
  const partition = partitionBy.length ? `PARTITION BY ${partitionBy.map((f) => column('t', f)).join(', ')}` : '';
  const order = orderBy.length
    ? `ORDER BY ${orderBy.map((s) => `${column('t', s.field)} ${s.direction === 'desc' ? 'DESC NULLS LAST' : 'ASC NULLS FIRST'}`).join(', ')}`
    : '';
  return [partition, order].filter(Boolean).join(' ');
}

function columns(schema: RelationSchema, alias: string): string {
  return Object.keys(schema)
    .map((name) => column(alias, name))
    .join(', ');
}

/** The filter compiler's view of a relation: every column under its own name, on alias "t". */
function specOf(schema: RelationSchema): CollectionSpec {
  const fields = Object.entries(schema).map(([name, col]) => ({ name, column: name, type: col.type, list: col.list, nullable: col.nullable }));
  return { name: 'relation', key: fields[0]?.name ?? 'id', fields };
}

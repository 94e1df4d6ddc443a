/**
 * `Relation`: an immutable handle on a logical plan with a known output
 * schema. Every operation checks its field names and types against the
 * schema and throws a `PlanError` naming the field, so a step's plan is
 * type-checked when it is built (at load), long before it runs.
 */
import { type Expr, exprType } from './expr.ts';
import { aggregateType, windowType } from './functions.ts';
import type { Aggregate, PlanNode, Row, SortSpec, WindowFunction } from './plan.ts';
import { type ColumnSchema, checkColumnName, columnOf, PlanError, type RelationSchema } from './schema.ts';
import { checkWhere, type Where } from './where.ts';
import { joinSchema, keyCompatible, unionSchema } from './join.ts';

/** A sort key: `'field'` (ascending) or `{ field, direction }`. */
export type SortInput = string | SortSpec;

/** A declared output column of a row function; classification defaults to the input column of that name. */
export interface RowFieldDeclaration {
  type: ColumnSchema['type'];
  nullable?: boolean;
  list?: boolean;
  classification?: ColumnSchema['classification'];
}

export class Relation {
  readonly node: PlanNode;
  constructor(node: PlanNode) {
    this.node = node;
  }

  get schema(): RelationSchema {
    return this.node.schema;
  }

  /** A named input with a known schema (what the engine hands a step's `transform`). */
  static input(name: string, schema: RelationSchema): Relation {
    for (const column of Object.keys(schema)) checkColumnName(column, `input ${name}`);
    return new Relation({ kind: 'input', name, schema });
  }

  filter(where: Where): Relation {
    checkWhere(where, this.schema, 'filter');
    return new Relation({ kind: 'filter', input: this.node, where, schema: this.schema });
  }

  select(...fields: string[]): Relation {
    const schema: Record<string, ColumnSchema> = {};
    for (const field of fields) schema[field] = columnOf(this.schema, field, 'select');
    return new Relation({ kind: 'select', input: this.node, fields, schema });
  }

  /** Adds (or replaces) columns computed from expressions over this relation's columns. */
  derive(columns: Record<string, Expr>): Relation {
    const schema: Record<string, ColumnSchema> = { ...this.schema };
    for (const [name, expr] of Object.entries(columns)) {
      checkColumnName(name, 'derive');
      schema[name] = exprType(expr, this.schema, `derive ${name}`);
    }
    return new Relation({ kind: 'derive', input: this.node, columns, schema });
  }

  /** `on: { leftField: rightField }`; the right side's key columns are dropped, other names must not clash. */
  join(other: Relation, options: { on: Record<string, string>; type?: 'inner' | 'left' }): Relation {
    const type = options.type ?? 'inner';
    keyCompatible(this.schema, other.schema, options.on, 'join');
    const { schema, rightFields } = joinSchema(this.schema, other.schema, Object.values(options.on), type === 'left', 'join');
    return new Relation({ kind: 'join', left: this.node, right: other.node, on: options.on, type, rightFields, schema });
  }

  /**
   * Point-in-time join: each left row gets the latest right row with equal `on`
   * keys whose `time.right` ≤ the left row's `time.left` (none: nulls), so a
   * row never sees a right row from its future. A left join: every left row stays.
   */
  asOfJoin(other: Relation, options: { on: Record<string, string>; time: { left: string; right: string } }): Relation {
    keyCompatible(this.schema, other.schema, options.on, 'asOfJoin');
    keyCompatible(this.schema, other.schema, { [options.time.left]: options.time.right }, 'asOfJoin time');
    const left = columnOf(this.schema, options.time.left, 'asOfJoin time');
    if (left.type !== 'DateTime' && left.type !== 'Int' && left.type !== 'Float') {
      throw new PlanError(`asOfJoin time: ${options.time.left} is ${left.type}; expected DateTime, Int or Float`, options.time.left);
    }
    const dropped = [...Object.values(options.on), options.time.right];
    const { schema, rightFields } = joinSchema(this.schema, other.schema, dropped, true, 'asOfJoin');
    return new Relation({ kind: 'asOfJoin', left: this.node, right: other.node, on: options.on, time: options.time, rightFields, schema });
  }

  groupBy(...keys: string[]): { aggregate(aggregates: Record<string, Aggregate>): Relation } {
    const input = this.node;
    const keySchema: Record<string, ColumnSchema> = {};
    for (const key of keys) keySchema[key] = columnOf(this.schema, key, 'groupBy');
    return {
      aggregate(aggregates) {
        const schema: Record<string, ColumnSchema> = { ...keySchema };
        for (const [name, aggregate] of Object.entries(aggregates)) {
          checkColumnName(name, 'aggregate');
          if (schema[name]) throw new PlanError(`aggregate: ${name} is also a group key`, name);
          schema[name] = aggregateType(aggregate, input.schema, `aggregate ${name}`);
        }
        return new Relation({ kind: 'aggregate', input, keys, aggregates, schema });
      },
    };
  }

  window(options: { partitionBy?: string[]; orderBy?: SortInput[]; columns: Record<string, WindowFunction> }): Relation {
    const partitionBy = options.partitionBy ?? [];
    for (const field of partitionBy) columnOf(this.schema, field, 'window partitionBy');
    const orderBy = this.sorts(options.orderBy ?? [], 'window orderBy');
    // Every window function here depends on the row order: without one its result would be arbitrary.
    if (orderBy.length === 0) throw new PlanError('window: orderBy needs at least one field (row numbers, lags and running sums follow the order)');
    const schema: Record<string, ColumnSchema> = { ...this.schema };
    for (const [name, fn] of Object.entries(options.columns)) {
      checkColumnName(name, 'window');
      schema[name] = windowType(fn, this.schema, `window ${name}`);
    }
    return new Relation({ kind: 'window', input: this.node, partitionBy, orderBy, columns: options.columns, schema });
  }

  /** All rows of this relation and of `others` (UNION ALL); every side has the same field names and types, matched by name. */
  union(...others: Relation[]): Relation {
    const schema = unionSchema(
      this.schema,
      others.map((other) => other.schema),
    );
    return new Relation({ kind: 'union', inputs: [this.node, ...others.map((other) => other.node)], schema });
  }

  /** Keeps the first row per `key` in `orderBy` order (ties broken arbitrarily: give a total order). */
  dedupe(options: { key: string[]; orderBy?: SortInput[] }): Relation {
    if (options.key.length === 0) throw new PlanError('dedupe: key needs at least one field');
    for (const field of options.key) columnOf(this.schema, field, 'dedupe key');
    const orderBy = this.sorts(options.orderBy ?? [], 'dedupe orderBy');
    return new Relation({ kind: 'dedupe', input: this.node, key: options.key, orderBy, schema: this.schema });
  }

  /** A JS function per row, run between DuckDB stages; `fields` declares its output schema. */
  map(fn: (row: Row) => Row, options: { fields: Record<string, RowFieldDeclaration> }): Relation {
    return new Relation({ kind: 'rows', input: this.node, fn: { mode: 'map', fn }, schema: this.declared(options.fields, 'map') });
  }

  /** A JS function yielding any number of rows per row; `fields` declares its output schema. */
  flatMap(fn: (row: Row) => Iterable<Row>, options: { fields: Record<string, RowFieldDeclaration> }): Relation {
    return new Relation({ kind: 'rows', input: this.node, fn: { mode: 'flatMap', fn }, schema: this.declared(options.fields, 'flatMap') });
  }

  /**
   * A JS function over each group of rows with equal `groupBy` values (the
   * whole input when none), yielding any number of rows; one group is in
   * memory at a time. `fields` declares its output schema.
   */
  reduce(fn: (rows: Row[]) => Iterable<Row>, options: { groupBy?: string[]; fields: Record<string, RowFieldDeclaration> }): Relation {
    const keys = options.groupBy ?? [];
    for (const key of keys) {
      const column = columnOf(this.schema, key, 'reduce groupBy');
      if (column.list || column.type === 'JSON')
        throw new PlanError(`reduce groupBy: cannot group on ${key} (${column.type}${column.list ? ' list' : ''})`, key);
    }
    return new Relation({ kind: 'rows', input: this.node, fn: { mode: 'reduce', keys, fn }, schema: this.declared(options.fields, 'reduce') });
  }

  private declared(fields: Record<string, RowFieldDeclaration>, at: string): RelationSchema {
    const schema: Record<string, ColumnSchema> = {};
    for (const [name, field] of Object.entries(fields)) {
      checkColumnName(name, at);
      const carried = Object.hasOwn(this.schema, name) ? this.schema[name]!.classification : [];
      schema[name] = { type: field.type, nullable: field.nullable ?? true, list: field.list ?? false, classification: field.classification ?? carried };
    }
    if (Object.keys(schema).length === 0) throw new PlanError(`${at}: fields must declare at least one output field`);
    return schema;
  }

  private sorts(inputs: SortInput[], at: string): SortSpec[] {
    return inputs.map((input) => {
      const spec: SortSpec = typeof input === 'string' ? { field: input, direction: 'asc' } : input;
      const column = columnOf(this.schema, spec.field, at);
      if (column.list || column.type === 'JSON')
        throw new PlanError(`${at}: cannot sort on ${spec.field} (${column.type}${column.list ? ' list' : ''})`, spec.field);
      return spec;
    });
  }
}

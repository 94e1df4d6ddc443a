/**
 * The logical plan a `Relation` carries: plain data, so the engine can
 * compile it (to DuckDB SQL, with row functions run in JS between SQL stages)
 * and the SDK can type-check it at load. Every node knows its output schema.
 */
import type { Classification, FieldType } from '../field-types.ts';
import type { Expr } from './expr.ts';
import type { Where } from './where.ts';

/** One output column: its type, nullability, and the classification carried from its sources. */
export interface ColumnSchema {
  type: FieldType;
  nullable: boolean;
  list: boolean;
  classification: Classification[];
}

/** Columns in output order. */
export type RelationSchema = Readonly<Record<string, ColumnSchema>>;

export interface SortSpec {
  field: string;
  direction: 'asc' | 'desc';
}

export type Aggregate = { fn: 'count' } | { fn: 'countDistinct'; field: string } | { fn: 'sum' | 'avg' | 'min' | 'max'; field: string };

export type WindowFunction =
  | { fn: 'rowNumber' }
  | { fn: 'lag' | 'lead'; field: string; offset: number }
  | { fn: 'runningSum'; field: string }
  | { fn: 'runningCount' };

export type Row = Record<string, unknown>;

/** A JS row function: `map` yields one row per row, `flatMap` any number. */
export type RowFunction = { mode: 'map'; fn: (row: Row) => Row } | { mode: 'flatMap'; fn: (row: Row) => Iterable<Row> };

export type PlanNode =
  | { kind: 'input'; name: string; schema: RelationSchema }
  | { kind: 'filter'; input: PlanNode; where: Where; schema: RelationSchema }
  | { kind: 'select'; input: PlanNode; fields: string[]; schema: RelationSchema }
  | { kind: 'derive'; input: PlanNode; columns: Record<string, Expr>; schema: RelationSchema }
  | { kind: 'join'; left: PlanNode; right: PlanNode; on: Record<string, string>; type: 'inner' | 'left'; rightFields: string[]; schema: RelationSchema }
  | { kind: 'aggregate'; input: PlanNode; keys: string[]; aggregates: Record<string, Aggregate>; schema: RelationSchema }
  | { kind: 'window'; input: PlanNode; partitionBy: string[]; orderBy: SortSpec[]; columns: Record<string, WindowFunction>; schema: RelationSchema }
  | { kind: 'dedupe'; input: PlanNode; key: string[]; orderBy: SortSpec[]; schema: RelationSchema }
  | {
      kind: 'asOfJoin';
      left: PlanNode;
      right: PlanNode;
      on: Record<string, string>;
      time: { left: string; right: string };
      rightFields: string[];
      schema: RelationSchema;
    }
  | { kind: 'rows'; input: PlanNode; fn: RowFunction; schema: RelationSchema };

/** A plan that cannot be built: an unknown field, a type error. Names the field. */
export class PlanError extends Error {
  readonly code = 'INVALID_PLAN';
  readonly field: string | undefined;
  constructor(message: string, field?: string) {
    super(message);
    this.name = 'PlanError';
    this.field = field;
  }
}

/** Derived column names: camelCase like descriptor fields, so they are safe identifiers everywhere. */
export const COLUMN_NAME = /^[a-z_][A-Za-z0-9_]*$/;

export function columnOf(schema: RelationSchema, name: string, at: string): ColumnSchema {
  const column = Object.hasOwn(schema, name) ? schema[name] : undefined;
  if (!column) throw new PlanError(`${at}: unknown field ${name}; fields are: ${Object.keys(schema).join(', ') || '(none)'}`, name);
  return column;
}

export function checkColumnName(name: string, at: string): void {
  if (!COLUMN_NAME.test(name)) throw new PlanError(`${at}: ${name} is not a valid column name (${COLUMN_NAME.source})`, name);
}

export function mergeClassification(...lists: Classification[][]): Classification[] {
  return [...new Set(lists.flat())].sort();
}

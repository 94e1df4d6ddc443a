/**
 * The logical plan a `Relation` carries: plain data, so the engine can
 * compile it (to DuckDB SQL, with row functions run in JS between SQL stages)
 * and the SDK can type-check it at load. Every node knows its output schema.
 */
import type { Expr } from './expr.ts';
import type { Where } from './where.ts';
import type { RelationSchema } from './schema.ts';

export type { ColumnSchema, RelationSchema } from './schema.ts';

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

/**
 * A JS row function: `map` yields one row per row, `flatMap` any number,
 * `reduce` any number per group of rows with equal `keys` (all rows when none).
 */
export type RowFunction =
  | { mode: 'map'; fn: (row: Row) => Row }
  | { mode: 'flatMap'; fn: (row: Row) => Iterable<Row> }
  | { mode: 'reduce'; keys: string[]; fn: (rows: Row[]) => Iterable<Row> };

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
  | { kind: 'union'; inputs: PlanNode[]; schema: RelationSchema }
  | { kind: 'rows'; input: PlanNode; fn: RowFunction; schema: RelationSchema };

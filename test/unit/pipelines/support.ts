/** Small helpers for processing tests: symbolic inputs from field lists, and running a plan over in-memory rows. */
import type { ColumnSchema, FieldType, Relation, RelationSchema, Row } from '../../../src/sdk/index.ts';
import { Relation as R } from '../../../src/sdk/index.ts';
import { executePlan, type ExecuteOptions } from '../../../src/pipelines/index.ts';

type Spec = FieldType | (Partial<ColumnSchema> & { type: FieldType });

export function schemaOf(fields: Record<string, Spec>): RelationSchema {
  const schema: Record<string, ColumnSchema> = {};
  for (const [name, spec] of Object.entries(fields)) {
    const full = typeof spec === 'string' ? { type: spec } : spec;
    schema[name] = { nullable: true, list: false, classification: [], ...full };
  }
  return schema;
}

export const input = (name: string, fields: Record<string, Spec>): Relation => R.input(name, schemaOf(fields));

/** Runs `relation` with each input bound to rows; returns the rows sorted by their JSON for stable comparison. */
export async function rowsOf(relation: Relation, inputs: Record<string, Row[]>, options: ExecuteOptions = {}): Promise<Row[]> {
  const bindings = Object.fromEntries(Object.entries(inputs).map(([name, rows]) => [name, { kind: 'rows' as const, rows }]));
  const result = await executePlan(relation.node, bindings, { ...options, returnRows: true });
  return sortRows(result.rows ?? []);
}

export function sortRows(rows: Row[]): Row[] {
  return [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0));
}

/**
 * Relation schemas (columns with type, nullability and the classification
 * carried from their sources) and the one error a plan that cannot be built
 * throws.
 */
import type { Classification, FieldType } from '../field-types.ts';

/** One output column: its type, nullability, and the classification carried from its sources. */
export interface ColumnSchema {
  type: FieldType;
  nullable: boolean;
  list: boolean;
  classification: Classification[];
}

/** Columns in output order. */
export type RelationSchema = Readonly<Record<string, ColumnSchema>>;

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

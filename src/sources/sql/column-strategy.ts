import type { CollectionSpec, FieldSpec, Row } from '../port.ts';

/**
 * How entity fields map onto SQL: the one thing that differs between typed
 * columns (PostgreSQL, PGlite) and JSONB documents (the embedded Mongo
 * stand-in). The filter and query compilers only speak through this.
 */
export interface ColumnStrategy {
  /** Expression filters and sorting use; typed so comparisons follow the field type, strings in "C" order. */
  valueExpr(field: FieldSpec): string;
  /** SQL type a parameter compared with `valueExpr` is cast to. */
  paramType(field: FieldSpec): string;
  /** Expression selected for the field; `decode` turns what the driver returns into the port's value. */
  selectExpr(field: FieldSpec): string;
  decode(field: FieldSpec, raw: unknown): unknown;
  /** Column definitions of the table, primary key included. */
  columnDefinitions(spec: CollectionSpec): string[];
  /** Stored columns (quoted) with the cast of each, in `storedValues` order. */
  storedColumns(spec: CollectionSpec): Array<{ column: string; type: string }>;
  storedValues(spec: CollectionSpec, row: Row): unknown[];
  /** Quoted primary-key column. */
  keyColumn(spec: CollectionSpec): string;
  /** The indexed expression for a secondary index on `field`, or undefined where the strategy keeps none. */
  indexExpr(field: FieldSpec): string | undefined;
}

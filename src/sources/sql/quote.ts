import type { CollectionSpec } from '../port.ts';

/** The one way an identifier enters SQL text: always double-quoted, quotes doubled. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A string literal for names used as JSON keys (never for values: those are parameters). */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** `"schema"."table"`, or `"table"` without a schema. */
export function tableName(spec: CollectionSpec): string {
  return spec.schema === undefined ? quoteIdent(spec.name) : `${quoteIdent(spec.schema)}.${quoteIdent(spec.name)}`;
}

/** Every statement reads the table under this alias, so expressions are never ambiguous. */
export const TABLE_ALIAS = quoteIdent('t');

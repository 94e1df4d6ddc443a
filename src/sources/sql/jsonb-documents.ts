import type { CollectionSpec, FieldSpec, Row } from '../port.ts';
import { SourceError } from '../port.ts';
import { toDate } from '../query/values.ts';
import type { ColumnStrategy } from './column-strategy.ts';
import { TABLE_ALIAS, quoteIdent, quoteLiteral } from './quote.ts';

/**
 * Documents in a `(id text primary key, doc jsonb)` table, the embedded
 * stand-in for a Mongo collection. Fields live under `FieldSpec.column` in
 * `doc`; DateTime is stored as an ISO-8601 string. Filters read
 * `doc->>'column'` (SQL NULL for both a missing key and JSON null, so
 * `eq null` means "missing or null" as in Mongo) cast to the field's type.
 */
const ID_COLUMN = quoteIdent('id');
const DOC = `${TABLE_ALIAS}.${quoteIdent('doc')}`;

function isText(field: FieldSpec): boolean {
  return (field.type === 'ID' || field.type === 'String') && field.list !== true;
}

function isKey(spec: CollectionSpec | undefined, field: FieldSpec): boolean {
  return spec !== undefined && spec.key === field.name;
}

function textOf(field: FieldSpec): string {
  return `(${DOC}->>${quoteLiteral(field.column)})`;
}

function typedText(field: FieldSpec): string {
  if (field.list === true) return textOf(field);
  switch (field.type) {
    case 'ID':
    case 'String':
      return `${textOf(field)} COLLATE "C"`;
    case 'Int':
    case 'Float':
      return `${textOf(field)}::double precision`;
    case 'Boolean':
      return `${textOf(field)}::boolean`;
    case 'DateTime':
      return `${textOf(field)}::timestamptz`;
    case 'JSON':
      return textOf(field);
  }
}

function decodeDate(field: FieldSpec, raw: unknown): unknown {
  if (raw === null || raw === undefined) return null;
  if (field.list === true && Array.isArray(raw)) return raw.map((item) => (item === null ? null : new Date(String(item))));
  return new Date(String(raw));
}

function storedDocument(spec: CollectionSpec, row: Row): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  for (const field of spec.fields) {
    const value = row[field.name];
    doc[field.column] = field.type === 'DateTime' ? encodeDate(field, value) : (value ?? null);
  }
  return doc;
}

function encodeDate(field: FieldSpec, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const one = (item: unknown): string | null => (item === null ? null : (toDate(item)?.toISOString() ?? invalid(field)));
  return field.list === true && Array.isArray(value) ? value.map(one) : one(value);
}

function invalid(field: FieldSpec): never {
  throw new SourceError('pglite-document', `field "${field.name}" needs a DateTime value`, false);
}

/** A strategy bound to one collection, so the key field can use the indexed `id` column. */
export function jsonbDocuments(keySpec?: CollectionSpec): ColumnStrategy {
  return {
    valueExpr: (field) => (isKey(keySpec, field) && isText(field) ? `${TABLE_ALIAS}.${ID_COLUMN}` : typedText(field)),
    paramType: (field) => (field.type === 'Int' || field.type === 'Float' ? 'double precision' : scalarParamType(field)),
    selectExpr: (field) => `${DOC}->${quoteLiteral(field.column)}`,
    decode: (field, raw) => (field.type === 'DateTime' ? decodeDate(field, raw) : (raw ?? null)),
    columnDefinitions: () => [`${ID_COLUMN} text COLLATE "C" PRIMARY KEY`, `${quoteIdent('doc')} jsonb NOT NULL`],
    storedColumns: () => [
      { column: ID_COLUMN, type: 'text' },
      { column: quoteIdent('doc'), type: 'jsonb' },
    ],
    storedValues: (spec, row) => [String(row[spec.key]), JSON.stringify(storedDocument(spec, row))],
    keyColumn: () => ID_COLUMN,
    // Embedded documents stay small; secondary indexes are left to the real MongoDB adapter.
    indexExpr: () => undefined,
  };
}

function scalarParamType(field: FieldSpec): string {
  switch (field.type) {
    case 'Boolean':
      return 'boolean';
    case 'DateTime':
      return 'timestamptz';
    default:
      return 'text';
  }
}

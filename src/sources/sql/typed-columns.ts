import type { CollectionSpec, FieldSpec, Row, ScalarType } from '../port.ts';
import { assertNever } from '../../common/index.ts';
import type { ColumnStrategy } from './column-strategy.ts';
import { TABLE_ALIAS, quoteIdent } from './quote.ts';

/** Column type per scalar: int4/float8 so the drivers return numbers, never strings. */
export function scalarSqlType(type: ScalarType): string {
  switch (type) {
    case 'ID':
    case 'String':
      return 'text';
    case 'Int':
      return 'integer';
    case 'Float':
      return 'double precision';
    case 'Boolean':
      return 'boolean';
    case 'DateTime':
      return 'timestamptz';
    case 'JSON':
      return 'jsonb';
    default:
      return assertNever(type, 'field type');
  }
}

/** Lists of scalars are SQL arrays; a list of JSON values is one jsonb array. */
export function fieldSqlType(field: FieldSpec): string {
  const scalar = scalarSqlType(field.type);
  return field.list === true && field.type !== 'JSON' ? `${scalar}[]` : scalar;
}

function isText(field: FieldSpec): boolean {
  return (field.type === 'ID' || field.type === 'String') && field.list !== true;
}

function column(field: FieldSpec): string {
  return `${TABLE_ALIAS}.${quoteIdent(field.column)}`;
}

/** JSON goes over the wire as text: the pg driver would turn a JS array into a SQL array literal. */
function encodeStored(field: FieldSpec, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return field.type === 'JSON' ? JSON.stringify(value) : value;
}

/** One typed column per field, named by `FieldSpec.column`; strings collate as "C" (byte order, as Mongo). */
export const typedColumns: ColumnStrategy = {
  valueExpr: (field) => (isText(field) ? `${column(field)} COLLATE "C"` : column(field)),
  paramType: (field) => scalarSqlType(field.type),
  selectExpr: column,
  decode: (_field, raw) => raw ?? null,
  columnDefinitions(spec) {
    const columns = spec.fields.map((field) => {
      const collate = isText(field) ? ' COLLATE "C"' : '';
      return `${quoteIdent(field.column)} ${fieldSqlType(field)}${collate}`;
    });
    return [...columns, `PRIMARY KEY (${this.keyColumn(spec)})`];
  },
  storedColumns: (spec) => spec.fields.map((field) => ({ column: quoteIdent(field.column), type: fieldSqlType(field) })),
  storedValues: (spec, row: Row) => spec.fields.map((field) => encodeStored(field, row[field.name])),
  keyColumn(spec: CollectionSpec) {
    const key = spec.fields.find((field) => field.name === spec.key);
    return quoteIdent(key?.column ?? spec.key);
  },
  // The column already collates as "C", so a plain index serves the filters' `COLLATE "C"` comparisons.
  indexExpr: (field) => (field.list === true || field.type === 'JSON' ? undefined : quoteIdent(field.column)),
};

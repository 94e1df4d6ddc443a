/**
 * Data-quality checks over a step's materialised output, each one DuckDB
 * query: row count range, not-null, unique key, accepted values, freshness.
 * A check naming a field the output lacks fails (it never passes silently).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { LIST } from '@duckdb/node-api';
import { assertNever } from '../../common/index.ts';
import { quoteDuckIdent } from '../../lake/index.ts';
import type { CheckDescriptor, RelationSchema } from '../../sdk/index.ts';
import { DuckParams, duckType, toDuck } from './duck-values.ts';

export interface CheckResult {
  check: CheckDescriptor;
  passed: boolean;
  /** A failing blocking check stops downstream steps. */
  blocking: boolean;
  detail: string;
}

export async function runChecks(
  connection: DuckDBConnection,
  table: string,
  schema: RelationSchema,
  checks: readonly CheckDescriptor[],
  reference: Date,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    const blocking = check.blocking ?? true;
    const unknown = fieldsOf(check).find((field) => !Object.hasOwn(schema, field));
    const outcome = unknown
      ? { passed: false, detail: `the output has no field ${unknown}` }
      : await evaluate(connection, quoteDuckIdent(table), schema, check, reference);
    results.push({ check, blocking, ...outcome });
  }
  return results;
}

function fieldsOf(check: CheckDescriptor): string[] {
  switch (check.kind) {
    case 'rowCount':
      return [];
    case 'notNull':
    case 'unique':
      return check.fields;
    case 'acceptedValues':
    case 'freshness':
      return [check.field];
    default:
      return assertNever(check, 'check');
  }
}

type Outcome = { passed: boolean; detail: string };

async function scalar(connection: DuckDBConnection, sql: string, params = new DuckParams()): Promise<unknown> {
  const reader = await connection.runAndReadAll(sql, params.values, params.types);
  const value = reader.getRowObjectsJS()[0]?.v;
  return typeof value === 'bigint' ? Number(value) : value;
}

async function evaluate(connection: DuckDBConnection, table: string, schema: RelationSchema, check: CheckDescriptor, reference: Date): Promise<Outcome> {
  const q = quoteDuckIdent;
  switch (check.kind) {
    case 'rowCount': {
      const rows = Number(await scalar(connection, `SELECT COUNT(*) AS "v" FROM ${table}`));
      const passed = rows >= (check.min ?? 0) && rows <= (check.max ?? Number.POSITIVE_INFINITY);
      return { passed, detail: `${rows} rows; expected ${check.min ?? 0} to ${check.max ?? 'any number'}` };
    }
    case 'notNull': {
      const counts = check.fields.map((f) => `COUNT(*) FILTER (WHERE ${q(f)} IS NULL)`).join(' + ');
      const nulls = Number(await scalar(connection, `SELECT ${counts} AS "v" FROM ${table}`));
      return { passed: nulls === 0, detail: `${nulls} null value(s) in ${check.fields.join(', ')}` };
    }
    case 'unique': {
      const key = check.fields.map(q).join(', ');
      const dupes = Number(await scalar(connection, `SELECT COUNT(*) AS "v" FROM (SELECT ${key} FROM ${table} GROUP BY ${key} HAVING COUNT(*) > 1)`));
      return { passed: dupes === 0, detail: `${dupes} key(s) of (${check.fields.join(', ')}) appear more than once` };
    }
    case 'acceptedValues': {
      const column = schema[check.field]!;
      const params = new DuckParams();
      const list = params.add(toDuck({ type: column.type, list: true }, check.values, check.field), LIST(duckType(column.type)));
      const sql = `SELECT COUNT(*) AS "v" FROM ${table} WHERE ${q(check.field)} IS NOT NULL AND NOT list_contains(${list}, ${q(check.field)})`;
      const bad = Number(await scalar(connection, sql, params));
      return { passed: bad === 0, detail: `${bad} row(s) with ${check.field} outside ${JSON.stringify(check.values)}` };
    }
    case 'freshness': {
      const newest = await scalar(connection, `SELECT MAX(${q(check.field)}) AS "v" FROM ${table}`);
      if (!(newest instanceof Date)) return { passed: false, detail: `no ${check.field} value to measure freshness by` };
      const ageHours = (reference.getTime() - newest.getTime()) / 3_600_000;
      return {
        passed: ageHours <= check.maxAgeHours,
        detail: `newest ${check.field} is ${newest.toISOString()}, ${ageHours.toFixed(1)} h before ${reference.toISOString()}; at most ${check.maxAgeHours} h allowed`,
      };
    }
    default:
      return assertNever(check, 'check');
  }
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Filter } from '../../src/sources/index.ts';
import { UnsupportedFilterError } from '../../src/sources/index.ts';
import type { ContractContext } from './record-source.contract.ts';
import { ALL_IDS, DROP_TABLE_NAME, OPERATOR_NAME } from './record-source.fixture.ts';

const eq = (field: string, value: unknown): Filter => ({ op: 'eq', field, value }) as Filter;
const not = (filter: Filter): Filter => ({ op: 'not', filter });
const except = (...ids: string[]): string[] => ALL_IDS.filter((id) => !ids.includes(id));

/** [title, filter, ids of the rows it selects]; NULL rows are the interesting part. */
const CASES: Array<[string, Filter, string[]]> = [
  ['eq on a string', eq('name', 'Ada'), ['p01']],
  ['eq null means missing or null', eq('age', null), ['p02', 'p09']],
  ['ne includes NULL rows', { op: 'ne', field: 'age', value: 36 }, except('p01', 'p04', 'p10')],
  ['ne null means present', { op: 'ne', field: 'team', value: null }, except('p06', 'p09')],
  ['not(eq) equals ne', not(eq('age', 36)), except('p01', 'p04', 'p10')],
  ['not(not(eq)) equals eq', not(not(eq('age', 36))), ['p01', 'p04', 'p10']],
  ['lt excludes NULL', { op: 'lt', field: 'age', value: 22 }, ['p07', 'p08']],
  ['lte', { op: 'lte', field: 'age', value: 22 }, ['p03', 'p06', 'p07', 'p08']],
  ['gt', { op: 'gt', field: 'age', value: 36 }, ['p05']],
  ['gte', { op: 'gte', field: 'age', value: 36 }, ['p01', 'p04', 'p05', 'p10']],
  ['not(lt) includes NULL rows', not({ op: 'lt', field: 'age', value: 22 }), except('p07', 'p08')],
  ['lt null selects nothing', { op: 'lt', field: 'age', value: null }, []],
  ['gt on floats', { op: 'gt', field: 'score', value: 3.75 }, ['p01', 'p02', 'p07', 'p10']],
  ['lt on a negative float', { op: 'lt', field: 'score', value: 0 }, ['p04']],
  ['eq zero is not NULL', eq('score', 0), ['p05']],
  ['eq false', eq('active', false), ['p02', 'p05', 'p08']],
  ['ne true includes NULL', { op: 'ne', field: 'active', value: true }, ['p02', 'p03', 'p05', 'p06', 'p08', 'p09']],
  ['eq null on a boolean', eq('active', null), ['p03', 'p06', 'p09']],
  ['gt on dates', { op: 'gt', field: 'born', value: new Date('1990-01-01T00:00:00Z') }, ['p04', 'p06', 'p07']],
  ['gte on dates', { op: 'gte', field: 'born', value: new Date('1990-01-01T00:00:00Z') }, ['p01', 'p04', 'p06', 'p07', 'p10']],
  ['eq on a date to the millisecond', eq('born', new Date('2001-03-04T05:06:07.089Z')), ['p04']],
  ['in', { op: 'in', field: 'age', values: [22, 50] }, ['p03', 'p05', 'p06']],
  ['in with null includes NULL rows', { op: 'in', field: 'age', values: [22, null] }, ['p02', 'p03', 'p06', 'p09']],
  ['in [] selects nothing', { op: 'in', field: 'age', values: [] }, []],
  ['not(in) includes NULL rows', not({ op: 'in', field: 'age', values: [22] }), except('p03', 'p06')],
  ['in on the key', { op: 'in', field: 'id', values: ['p01', 'p99'] }, ['p01']],
  ['contains is case-sensitive', { op: 'contains', field: 'name', value: 'a' }, ['p01', 'p06', 'p07', 'p08', 'p10']],
  ['contains upper case', { op: 'contains', field: 'name', value: 'A' }, ['p01']],
  ['contains treats regex characters literally', { op: 'contains', field: 'name', value: '.b*c(' }, ['p07']],
  ['contains "_" is no wildcard', { op: 'contains', field: 'name', value: '_' }, []],
  ['contains "%" is no wildcard', { op: 'contains', field: 'name', value: '%' }, []],
  ['contains "" matches every non-null string', { op: 'contains', field: 'name', value: '' }, except('p05')],
  ['not(contains) includes NULL rows', not({ op: 'contains', field: 'name', value: 'a' }), ['p02', 'p03', 'p04', 'p05', 'p09']],
  ['const false selects nothing', { op: 'const', value: false }, []],
  ['const true selects everything', { op: 'const', value: true }, ALL_IDS],
  ['not(const false) selects everything', not({ op: 'const', value: false }), ALL_IDS],
  ['and', { op: 'and', filters: [{ op: 'gte', field: 'age', value: 22 }, eq('active', true)] }, ['p01', 'p04', 'p10']],
  ['and [] selects everything', { op: 'and', filters: [] }, ALL_IDS],
  ['or', { op: 'or', filters: [eq('name', 'Bob'), { op: 'lt', field: 'score', value: 0 }] }, ['p02', 'p04']],
  ['or [] selects nothing', { op: 'or', filters: [] }, []],
  ['not(or) with a null branch', not({ op: 'or', filters: [eq('age', 36), eq('age', null)] }), ['p03', 'p05', 'p06', 'p07', 'p08']],
  ['not(and) is the exact complement', not({ op: 'and', filters: [eq('active', true), { op: 'gt', field: 'age', value: 30 }] }), except('p01', 'p04', 'p10')],
  ['eq null on JSON', eq('meta', null), ['p02', 'p04', 'p07', 'p08', 'p09', 'p10']],
  ['ne null on JSON: {} and [] are values', { op: 'ne', field: 'meta', value: null }, ['p01', 'p03', 'p05', 'p06']],
  ['eq null on a list: [] is a value', eq('tags', null), ['p03', 'p05', 'p06', 'p07', 'p09', 'p10']],
  ['an SQL injection attempt is data', eq('name', DROP_TABLE_NAME), ['p08']],
  ['a Mongo operator in a string is data', eq('name', OPERATOR_NAME), ['p09']],
  ['gt "" on strings selects every non-null string', { op: 'gt', field: 'name', value: '' }, except('p05')],
  ['ISO strings are accepted for DateTime', eq('born', '2001-03-04T05:06:07.089Z'), ['p04']],
];

const UNSUPPORTED: Array<[string, Filter]> = [
  ['an operator object as a string value', eq('name', { $gt: '' })],
  ['a string for an Int field', eq('age', '36')],
  ['a fraction for an Int field', eq('age', 1.5)],
  ['a value compared with JSON', eq('meta', { lang: 'en' })],
  ['a value compared with a list', eq('tags', 'a')],
  ['an unknown field', eq('nope', 1)],
  ['contains on a non-string field', { op: 'contains', field: 'age', value: '3' }],
];

export function defineFilterCases(context: ContractContext): void {
  describe('filters are evaluated by the store with one NULL semantics', () => {
    for (const [title, where, expected] of CASES) {
      it(title, async () => {
        const spec = context.people;
        const rows = await context.source.find(spec, { where, orderBy: [{ field: 'id', direction: 'asc' }], limit: 100, fields: [] });
        assert.deepEqual(
          rows.map((row) => row.id),
          expected,
        );
      });
    }
    for (const [title, where] of UNSUPPORTED) {
      it(`fails closed on ${title}`, async () => {
        const spec = context.people;
        const query = { where, orderBy: [{ field: 'id', direction: 'asc' as const }], limit: 100, fields: [] };
        await assert.rejects(context.source.find(spec, query), (error: unknown) => {
          assert.ok(error instanceof UnsupportedFilterError, String(error));
          assert.equal(error.code, 'UNSUPPORTED_FILTER');
          return true;
        });
      });
    }
  });
}

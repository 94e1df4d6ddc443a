import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Row, SortKey } from '../../src/sources/index.ts';
import type { ContractContext } from './record-source.contract.ts';
import { ALL_IDS, allFieldNames, peopleRows } from './record-source.fixture.ts';

const asc = (field: string): SortKey => ({ field, direction: 'asc' });
const desc = (field: string): SortKey => ({ field, direction: 'desc' });
const ids = (rows: Row[]): unknown[] => rows.map((row) => row.id);

/** Orders with mixed directions and NULLs (smallest: first ascending, last descending), strings in byte order. */
const ORDERS: Array<[string, SortKey[], string[]]> = [
  ['age desc, name asc', [desc('age'), asc('name'), asc('id')], ['p05', 'p01', 'p04', 'p10', 'p03', 'p06', 'p08', 'p07', 'p02', 'p09']],
  ['name asc (byte order, NULL first)', [asc('name'), asc('id')], ['p05', 'p08', 'p01', 'p02', 'p03', 'p04', 'p06', 'p07', 'p10', 'p09']],
  ['active asc, born desc', [asc('active'), desc('born'), asc('id')], ['p06', 'p03', 'p09', 'p02', 'p05', 'p08', 'p04', 'p07', 'p01', 'p10']],
  ['score desc, id desc', [desc('score'), desc('id')], ['p07', 'p10', 'p01', 'p02', 'p06', 'p08', 'p05', 'p04', 'p09', 'p03']],
];

export function defineReadCases(context: ContractContext): void {
  const spec = () => context.people;

  describe('find orders, pages and projects', () => {
    for (const [title, orderBy, expected] of ORDERS) {
      it(`orders by ${title}`, async () => {
        const rows = await context.source.find(spec(), { orderBy, limit: 100, fields: [] });
        assert.deepEqual(ids(rows), expected);
      });
      for (const pageSize of [1, 3]) {
        it(`walks ${title} in pages of ${pageSize} with no duplicate and no gap`, async () => {
          assert.deepEqual(await walkPages(context, orderBy, pageSize), expected);
        });
      }
    }

    it('keyset pages combine with a filter', async () => {
      const where = { op: 'ne' as const, field: 'active', value: true };
      const first = await context.source.find(spec(), { where, orderBy: [asc('id')], limit: 2, fields: [] });
      const next = await context.source.find(spec(), { where, orderBy: [asc('id')], after: ['p03'], limit: 10, fields: [] });
      assert.deepEqual(ids(first), ['p02', 'p03']);
      assert.deepEqual(ids(next), ['p05', 'p06', 'p08', 'p09']);
    });

    it('limits the page and issues one statement', async () => {
      let rows: Row[] = [];
      const events = await context.statementsOf(async () => {
        rows = await context.source.find(spec(), { orderBy: [asc('id')], limit: 4, fields: [] });
      });
      assert.deepEqual(ids(rows), ['p01', 'p02', 'p03', 'p04']);
      assert.equal(events.length, 1);
    });

    it('returns the requested fields plus key and sort fields, by logical name', async () => {
      const rows = await context.source.find(spec(), { orderBy: [desc('age'), asc('id')], limit: 1, fields: ['name'] });
      assert.deepEqual(rows, [{ id: 'p05', name: null, age: 50 }]);
    });

    it('returns values in their port types (Date, number, boolean, JSON, arrays)', async () => {
      const rows = await context.source.find(spec(), { orderBy: [asc('id')], limit: 100, fields: allFieldNames() });
      assert.deepEqual(rows, peopleRows());
      assert.ok(rows[3].born instanceof Date);
    });
  });

  describe('findByValues issues one statement however many values', () => {
    for (const count of [1, 100, 1000]) {
      it(`looks up ${count} values in one statement`, async () => {
        const values = ['t2', ...Array.from({ length: count - 1 }, (_, index) => `missing-${index}`)];
        let rows: Row[] = [];
        const events = await context.statementsOf(async () => {
          rows = await context.source.findByValues(spec(), { field: 'team', values, orderBy: [asc('id')], fields: ['name'] });
        });
        assert.equal(events.length, 1);
        assert.deepEqual(rows, [
          { id: 'p03', name: 'Cy', team: 't2' },
          { id: 'p04', name: 'Dee', team: 't2' },
          { id: 'p10', name: 'ada', team: 't2' },
        ]);
      });
    }

    it('keeps the first rows of each value with limitPerValue', async () => {
      const orderBy = [desc('age'), asc('id')];
      let rows: Row[] = [];
      const events = await context.statementsOf(async () => {
        rows = await context.source.findByValues(spec(), { field: 'team', values: ['t1', 't2', 't3'], orderBy, fields: [], limitPerValue: 2 });
      });
      assert.equal(events.length, 1);
      assert.deepEqual(ids(rows), ['p05', 'p01', 'p04', 'p10', 'p08', 'p07']);
    });

    it('applies a where filter', async () => {
      const where = { op: 'eq' as const, field: 'active', value: true };
      const rows = await context.source.findByValues(spec(), { field: 'team', values: ['t1', 't2'], where, orderBy: [asc('id')], fields: [] });
      assert.deepEqual(ids(rows), ['p01', 'p04', 'p10']);
    });

    it('looks up by key and by an Int field; null values match nothing', async () => {
      const byKey = await context.source.findByValues(spec(), { field: 'id', values: ['p03', 'p01', 'nope', null], orderBy: [asc('id')], fields: [] });
      const byAge = await context.source.findByValues(spec(), { field: 'age', values: [36, 1], orderBy: [asc('id')], fields: [] });
      const none = await context.source.findByValues(spec(), { field: 'team', values: [null], orderBy: [asc('id')], fields: [] });
      assert.deepEqual(ids(byKey), ['p01', 'p03']);
      assert.deepEqual(ids(byAge), ['p01', 'p04', 'p07', 'p10']);
      assert.deepEqual(none, []);
    });
  });

  it('counts the rows', async () => {
    assert.equal(await context.source.count(spec()), ALL_IDS.length);
  });
}

async function walkPages(context: ContractContext, orderBy: SortKey[], pageSize: number): Promise<unknown[]> {
  const seen: unknown[] = [];
  let after: unknown[] | undefined;
  for (let page = 0; page < 20; page += 1) {
    const rows = await context.source.find(context.people, { orderBy, after: after as never, limit: pageSize, fields: [] });
    seen.push(...ids(rows));
    if (rows.length < pageSize) return seen;
    const last = rows[rows.length - 1];
    after = orderBy.map((sort) => last[sort.field]);
  }
  throw new Error('pagination did not end');
}

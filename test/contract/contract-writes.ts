import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Row } from '../../src/sources/index.ts';
import type { ContractContext } from './record-source.contract.ts';
import { DROP_TABLE_NAME } from './record-source.fixture.ts';

const note = (code: string, body: string | null, rank: number | null, at: string | null = null): Row => ({
  code,
  body,
  rank,
  at: at === null ? null : new Date(at),
});

export function defineWriteCases(context: ContractContext): void {
  const spec = () => context.notes;
  const all = () => context.source.find(spec(), { orderBy: [{ field: 'code', direction: 'asc' }], limit: 100_000, fields: ['body', 'rank', 'at'] });

  describe('writes', () => {
    it('upserts replace rows by key, the last of repeated keys winning', async () => {
      await context.source.ensureCollection(spec());
      await context.source.upsertMany(spec(), [note('a', 'first', 1, '2024-05-06T07:08:09.123Z'), note('b', 'bee', 2)]);
      await context.source.upsertMany(spec(), [note('a', 'second', null), note('c', 'x', 3), note('c', 'sea', 4)]);
      assert.deepEqual(await all(), [note('a', 'second', null), note('b', 'bee', 2), note('c', 'sea', 4)]);
      assert.equal(await context.source.count(spec()), 3);
    });

    it('stores hostile strings as data and keeps the table', async () => {
      let rows: Row[] = [];
      const events = await context.statementsOf(async () => {
        await context.source.upsertMany(spec(), [note(DROP_TABLE_NAME, '{"$gt": ""}', 5), note('quote"d', "it's", 6)]);
        rows = await context.source.findByValues(spec(), {
          field: 'code',
          values: [DROP_TABLE_NAME, 'quote"d'],
          orderBy: [{ field: 'code', direction: 'asc' }],
          fields: ['body'],
        });
      });
      assert.ok(
        events.every((event) => !event.text.includes('drop table') && !event.text.includes("it's")),
        'values never enter statement text',
      );
      assert.deepEqual(rows, [
        { code: DROP_TABLE_NAME, body: '{"$gt": ""}' },
        { code: 'quote"d', body: "it's" },
      ]);
      assert.equal(await context.source.count(spec()), 5);
      assert.equal(await context.source.count(context.people), 10);
    });

    it('upserts a large batch (beyond one statement of parameters) completely', async () => {
      const rows = Array.from({ length: 16_000 }, (_, index) => note(`bulk-${String(index).padStart(5, '0')}`, `body ${index}`, index));
      await context.source.upsertMany(spec(), rows);
      assert.equal(await context.source.count(spec()), 16_005);
      const last = await context.source.findByValues(spec(), { field: 'code', values: ['bulk-15999'], orderBy: [], fields: ['rank'] });
      assert.deepEqual(last, [{ code: 'bulk-15999', rank: 15_999 }]);
    });

    it('truncates', async () => {
      await context.source.truncate(spec());
      assert.equal(await context.source.count(spec()), 0);
    });

    it('reports every write statement and answers ping', async () => {
      const events = await context.statementsOf(() => context.source.upsertMany(spec(), [note('z', null, null)]));
      assert.ok(events.length >= 1);
      assert.ok(events.every((event) => event.kind === (context.source.serves === 'mongo' && context.source.adapter === 'mongo' ? 'mongo' : 'sql')));
      assert.equal(await context.source.ping(), true);
    });
  });
}

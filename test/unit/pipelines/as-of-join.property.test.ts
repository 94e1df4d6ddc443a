/** asOfJoin's point-in-time property, on random inputs: no joined right row is later than its left row, and it is the latest such row. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { col } from '../../../src/sdk/index.ts';
import { input, rowsOf } from './support.ts';

const BASE = Date.UTC(2026, 10, 1);
const hours = (n: number) => new Date(BASE + n * 3_600_000);

const left = input('left', { id: 'ID', userId: 'ID', day: 'DateTime' });
const right = input('right', { userId: 'ID', at: 'DateTime', value: 'Int' }).derive({ seenAt: col('at') });
const joined = left.asOfJoin(right, { on: { userId: 'userId' }, time: { left: 'day', right: 'at' } });

const rowArb = fc.record({ user: fc.constantFrom('u1', 'u2', 'u3'), hour: fc.integer({ min: 0, max: 200 }) });

test('asOfJoin never joins a right row from the left row’s future, and takes the latest one before it', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(rowArb, { maxLength: 25 }), fc.array(rowArb, { maxLength: 40 }), async (lefts, rights) => {
      const leftRows = lefts.map((r, i) => ({ id: `l${i}`, userId: r.user, day: hours(r.hour) }));
      const rightRows = rights.map((r, i) => ({ userId: r.user, at: hours(r.hour), value: i }));
      const rows = await rowsOf(joined, { left: leftRows, right: rightRows });
      assert.equal(rows.length, leftRows.length);
      for (const row of rows) {
        const day = (row.day as Date).getTime();
        const candidates = rightRows.filter((r) => r.userId === row.userId && r.at.getTime() <= day).map((r) => r.at.getTime());
        if (candidates.length === 0) assert.equal(row.seenAt, null);
        else {
          assert.ok((row.seenAt as Date).getTime() <= day, 'a right row from the future was joined');
          assert.equal((row.seenAt as Date).getTime(), Math.max(...candidates));
        }
      }
    }),
    { numRuns: 60 },
  );
});

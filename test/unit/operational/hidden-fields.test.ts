/**
 * The pure parts of "a hidden field is no oracle": which fields a list's
 * arguments name (through and/or/not, orderBy and the cursor's order), the
 * refusal's shape, what a cursor carries; and NUL characters in `where`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cursorSortFields, encodeCursor, filterFromWhere } from '../../../src/api/index.ts';
import { fieldUses, hiddenFieldError, hiddenUses } from '../../../src/governed/index.ts';

test('fieldUses names every field of where (and, or, not at any nesting), orderBy and the cursor, with its argument path', () => {
  const cursor = encodeCursor({ id: 'u1', email: 'a@b.c' }, [
    { field: 'email', direction: 'asc' },
    { field: 'id', direction: 'asc' },
  ]);
  const uses = fieldUses({
    where: { country: { eq: 'DE' }, and: [{ name: { contains: 'a' } }, { not: { or: [{ email: { eq: 'x' } }] } }] },
    orderBy: [{ field: 'city' }],
    after: cursor,
  });
  assert.deepEqual(uses, [
    { field: 'country', argument: 'where.country' },
    { field: 'name', argument: 'where.and[0].name' },
    { field: 'email', argument: 'where.and[1].not.or[0].email' },
    { field: 'city', argument: 'orderBy[0]' },
    { field: 'email', argument: 'after' },
    { field: 'id', argument: 'after' },
  ]);
  assert.deepEqual(fieldUses({ where: null, orderBy: null, after: 'not-a-cursor' }), []);
});

test('fieldUses walks 100,000 levels of not without recursion', () => {
  let where: Record<string, unknown> = { email: { eq: 'x' } };
  for (let i = 0; i < 100_000; i++) where = { not: where };
  const [use] = fieldUses({ where });
  assert.equal(use?.field, 'email');
});

test('hiddenUses keeps the unreadable ones; the refusal is FORBIDDEN naming each field and argument', () => {
  const uses = fieldUses({ where: { email: { eq: 'x' }, country: { eq: 'DE' } }, orderBy: [{ field: 'email' }] });
  const hidden = hiddenUses(uses, (field) => field !== 'email');
  assert.deepEqual(
    hidden.map((use) => use.argument),
    ['where.email', 'orderBy[0]'],
  );
  const error = hiddenFieldError('identity.User', hidden, 'analyst#1');
  assert.deepEqual(error.extensions, { code: 'FORBIDDEN', subject: 'identity.User', field: 'email', argument: 'where.email', rule: 'analyst#1' });
  assert.equal(
    error.message,
    'Not allowed to filter, sort or page on identity.User.email (where.email), identity.User.email (orderBy[0]): not readable on every row.',
  );
  assert.doesNotMatch(error.message, /x/, 'the probed value is not echoed');
});

test('a cursor carries the sort values of its row and nothing else; its sort fields can be read back', () => {
  const row = { id: 'u1', email: 'secret@example.com', country: 'DE' };
  const cursor = encodeCursor(row, [
    { field: 'country', direction: 'desc' },
    { field: 'id', direction: 'asc' },
  ]);
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  assert.doesNotMatch(text, /secret/);
  assert.deepEqual(cursorSortFields(cursor), ['country', 'id']);
  assert.equal(cursorSortFields('%%%'), undefined);
  assert.equal(cursorSortFields(Buffer.from('{"v":[]}').toString('base64url')), undefined);
});

test('a NUL character in a where value is BAD_USER_INPUT naming the path; other text passes', () => {
  assert.throws(
    () => filterFromWhere({ and: [{ email: { eq: 'a\u0000b' } }] }),
    (error: any) => {
      assert.equal(error.extensions.code, 'BAD_USER_INPUT');
      assert.equal(error.extensions.argument, 'where.and[0].email.eq');
      return true;
    },
  );
  assert.throws(() => filterFromWhere({ email: { in: ['ok', '\u0000'] } }), /where\.email\.in contains a NUL character/);
  assert.deepEqual(filterFromWhere({ email: { contains: 'ä\u0001' } }), { op: 'contains', field: 'email', value: 'ä\u0001' });
});

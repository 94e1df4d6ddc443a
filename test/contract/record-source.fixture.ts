import type { CollectionSpec, FieldSpec, Row } from '../../src/sources/index.ts';

/**
 * A collection whose names need quoting (a `"` in the table and a column) and
 * whose logical field names differ from their columns, with NULLs in every
 * nullable field, dates with milliseconds, floats, booleans, JSON and a list.
 */
export function peopleSpec(schema: string | undefined, quotes: string): CollectionSpec {
  return { name: `people ${quotes}q`, schema, key: 'id', fields: peopleFields(quotes) };
}

/** Quote characters put into table and column names: `"'` unless a store cannot hold `"`. */
export const ALL_QUOTES = `"'`;

const peopleFields = (quotes: string): FieldSpec[] => [
  { name: 'id', column: 'id', type: 'ID', nullable: false },
  { name: 'name', column: `full${quotes}name`, type: 'String', nullable: true },
  { name: 'age', column: 'age_years', type: 'Int', nullable: true },
  { name: 'score', column: 'score', type: 'Float', nullable: true },
  { name: 'active', column: 'is_active', type: 'Boolean', nullable: true },
  { name: 'born', column: 'born_at', type: 'DateTime', nullable: true },
  { name: 'meta', column: 'meta', type: 'JSON', nullable: true },
  { name: 'tags', column: 'tags', type: 'String', list: true, nullable: true },
  { name: 'team', column: 'team_id', type: 'ID', nullable: true },
];

export const DROP_TABLE_NAME = "'); drop table x; --";
export const OPERATOR_NAME = '{"$gt": ""}';

type Person = [string, string | null, number | null, number | null, boolean | null, string | null, unknown, string[] | null, string | null];

const PEOPLE: Person[] = [
  ['p01', 'Ada', 36, 9.5, true, '1990-01-01T00:00:00.000Z', { lang: 'en' }, ['a', 'b'], 't1'],
  ['p02', 'Bob', null, 7.25, false, '1985-06-15T12:30:00.000Z', null, [], 't1'],
  ['p03', 'Cy', 22, null, null, null, { n: [1, 2] }, null, 't2'],
  ['p04', 'Dee', 36, -1.5, true, '2001-03-04T05:06:07.089Z', null, ['x'], 't2'],
  ['p05', null, 50, 0, false, '1970-01-01T00:00:00.000Z', {}, null, 't3'],
  ['p06', "O'Hara", 22, 3.75, null, '2020-12-31T23:59:59.999Z', [1, 'two'], null, null],
  ['p07', 'a.b*c(d)[e]', 1, 100.125, true, '1999-12-31T23:59:59.000Z', null, null, 't3'],
  ['p08', DROP_TABLE_NAME, 7, 2.5, false, null, null, ['y'], 't1'],
  ['p09', OPERATOR_NAME, null, null, null, null, null, null, null],
  ['p10', 'ada', 36, 9.5, true, '1990-01-01T00:00:00.000Z', null, null, 't2'],
];

export function peopleRows(): Row[] {
  return PEOPLE.map(([id, name, age, score, active, born, meta, tags, team]) => ({
    id,
    name,
    age,
    score,
    active,
    born: born === null ? null : new Date(born),
    meta,
    tags,
    team,
  }));
}

export const ALL_IDS = PEOPLE.map(([id]) => id);

export function allFieldNames(): string[] {
  return peopleFields('').map((field) => field.name);
}

/** A second collection for write tests, so they never disturb the read fixture. */
export function notesSpec(schema: string | undefined, quotes: string): CollectionSpec {
  return {
    name: `notes ${quotes}x`,
    schema,
    key: 'code',
    fields: [
      { name: 'code', column: 'code', type: 'String', nullable: false },
      { name: 'body', column: 'body', type: 'String', nullable: true },
      { name: 'rank', column: 'rank', type: 'Int', nullable: true },
      { name: 'at', column: 'at', type: 'DateTime', nullable: true },
    ],
  };
}

/**
 * The types at an edge: the schema a step's plan produces against the fields
 * its output declares. Missing, extra and mistyped fields are reported, and a
 * produced column that may be null (or carries a classification, such as pii,
 * from its sources) where the declaration says otherwise.
 */
import type { ColumnSchema, RelationSchema } from './relation/schema.ts';

const family = (type: ColumnSchema['type']) => (type === 'ID' ? 'String' : type);
const describe = (column: ColumnSchema) => `${column.type}${column.list ? ' list' : ''}`;

/** Reports each problem at `path`; returns how many. ID and String are interchangeable (both text). */
export function schemaIssues(produced: RelationSchema, expected: RelationSchema, path: string, report: (path: string, message: string) => void): number {
  let count = 0;
  const fail = (message: string) => {
    count += 1;
    report(path, message);
  };
  for (const [name, want] of Object.entries(expected)) {
    const got = Object.hasOwn(produced, name) ? produced[name] : undefined;
    if (!got) {
      fail(`field ${name} (${describe(want)}) is declared but the transform does not produce it; it produces: ${Object.keys(produced).join(', ')}`);
      continue;
    }
    if (family(got.type) !== family(want.type) || got.list !== want.list) fail(`field ${name} is ${describe(got)} but is declared ${describe(want)}`);
    else if (got.nullable && !want.nullable) fail(`field ${name} may be null but is declared non-nullable; coalesce it or declare it nullable`);
    const missing = got.classification.filter((tag) => tag !== 'public' && !want.classification.includes(tag));
    if (missing.length)
      fail(
        `field ${name} carries classification ${missing.join(', ')} from its sources; declare it (classification: [${got.classification.map((t) => `'${t}'`).join(', ')}])`,
      );
  }
  for (const name of Object.keys(produced)) {
    if (!Object.hasOwn(expected, name))
      fail(`the transform produces field ${name}, which the output does not declare; declared: ${Object.keys(expected).join(', ')}`);
  }
  return count;
}

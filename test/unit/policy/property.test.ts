/**
 * Property: for random policies and rows, the row filter the policy module
 * pushes into queries selects exactly the rows CASL allows, and the fields it
 * reports allowed on a row are exactly those CASL permits. The Filter is
 * evaluated by a reference evaluator written here (not the production one).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMongoAbility, subject } from '@casl/ability';
import fc from 'fast-check';
import { createPolicySet, type PolicyRule } from '../../../src/policy/index.ts';
import type { Filter } from '../../../src/sources/index.ts';
import { actor, syntheticCatalog } from './fixtures.ts';

const SUBJECT = 'lab.Sample';
const FIELDS = ['score', 'color', 'size', 'owner'] as const;
const COLORS = ['red', 'blue', 'green'];

const numberValue = fc.integer({ min: 0, max: 4 });
const colorValue = fc.constantFrom(...COLORS);
const valueFor = (field: string): fc.Arbitrary<number | string> => (field === 'color' ? colorValue : numberValue);

const atom = fc.constantFrom('score', 'size', 'color').chain((field) =>
  fc.oneof(
    valueFor(field).map((v) => ({ [field]: v })),
    fc.tuple(fc.constantFrom('$eq', '$ne', '$lt', '$lte', '$gt', '$gte'), valueFor(field)).map(([op, v]) => ({ [field]: { [op]: v } })),
    fc.tuple(fc.constantFrom('$in', '$nin'), fc.array(valueFor(field), { maxLength: 3 })).map(([op, v]) => ({ [field]: { [op]: v } })),
  ),
);

const conjunction = fc.array(atom, { minLength: 1, maxLength: 2 }).map((atoms) => Object.assign({}, ...atoms) as Record<string, unknown>);
/** CASL's default Mongo matcher has no top-level $or/$and/$not; meshgate's conditions do (checked by the second property). */
const compound = fc.oneof(
  { weight: 3, arbitrary: conjunction },
  { weight: 1, arbitrary: fc.array(atom, { minLength: 1, maxLength: 3 }).map((atoms) => ({ $or: atoms })) },
  { weight: 1, arbitrary: fc.tuple(atom, atom).map(([a, b]) => ({ $and: [a, { $not: b }] })) },
);

const ruleWith = (conditions: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<PolicyRule> =>
  fc.record(
    {
      action: fc.constantFrom<PolicyRule['action']>('read', 'manage', 'update'),
      subject: fc.constant(SUBJECT),
      inverted: fc.boolean(),
      conditions,
      fields: fc.subarray([...FIELDS], { minLength: 1 }),
    },
    { requiredKeys: ['action', 'subject', 'inverted'] },
  );

const row = (nulls: boolean) => {
  const maybe = <T>(arb: fc.Arbitrary<T>) => (nulls ? fc.option(arb, { nil: null }) : arb);
  return fc.record({ id: fc.constant('s1'), score: maybe(numberValue), size: maybe(numberValue), color: maybe(colorValue), owner: fc.constant('o') });
};

/** Reference semantics of the port's Filter (src/sources/port.ts), independent of the production evaluator. */
function passes(filter: Filter, r: Record<string, unknown>): boolean {
  switch (filter.op) {
    case 'const':
      return filter.value;
    case 'and':
      return filter.filters.every((f) => passes(f, r));
    case 'or':
      return filter.filters.some((f) => passes(f, r));
    case 'not':
      return !passes(filter.filter, r);
    case 'eq':
      return filter.value === null ? r[filter.field] == null : r[filter.field] === filter.value;
    case 'ne':
      return !passes({ ...filter, op: 'eq' }, r);
    case 'in':
      return filter.values.some((v) => passes({ op: 'eq', field: filter.field, value: v }, r));
    case 'contains':
      return typeof r[filter.field] === 'string' && (r[filter.field] as string).includes(filter.value);
    default: {
      const value = r[filter.field] as number | string | null;
      const bound = filter.value as number | string | null;
      if (value == null || bound == null) return false;
      return { lt: value < bound, lte: value <= bound, gt: value > bound, gte: value >= bound }[filter.op];
    }
  }
}

test('property: without NULLs, the pushed-down filter and field access agree with CASL itself', () => {
  fc.assert(
    fc.property(fc.array(ruleWith(conjunction), { maxLength: 6 }), fc.array(row(false), { minLength: 1, maxLength: 8 }), (rules, rows) => {
      const decider = createPolicySet([{ role: 'r', rules }], syntheticCatalog()).forActor(actor(['r']));
      const ability = createMongoAbility(rules as never[]);
      const filter = decider.rowFilter('read', SUBJECT).filter;
      const fields = decider.fieldAccess('read', SUBJECT);
      for (const r of rows) {
        const tagged = subject(SUBJECT, { ...r });
        assert.equal(passes(filter, r), ability.can('read', tagged), `row ${JSON.stringify(r)} filter ${JSON.stringify(filter)}`);
        for (const field of FIELDS) {
          assert.equal(fields.allowedOnRow(field, r), ability.can('read', tagged, field), `field ${field} on ${JSON.stringify(r)}`);
          if (passes(filter, r) && fields.allowedOnRow(field, r)) assert.ok(fields.allowed(field), `${field} is allowed at type level`);
        }
      }
    }),
    { numRuns: 500 },
  );
});

test('property: with NULLs, the filter pushed into queries and the in-memory row checks never disagree', () => {
  fc.assert(
    fc.property(fc.array(ruleWith(compound), { maxLength: 6 }), fc.array(row(true), { minLength: 1, maxLength: 8 }), (rules, rows) => {
      const decider = createPolicySet([{ role: 'r', rules }], syntheticCatalog()).forActor(actor(['r']));
      const filter = decider.rowFilter('read', SUBJECT).filter;
      for (const r of rows) {
        assert.equal(passes(filter, r), decider.can('read', SUBJECT, undefined, r).allowed, `row ${JSON.stringify(r)}`);
        for (const field of FIELDS) {
          const fieldFilter = decider.fieldFilter('read', SUBJECT, field);
          assert.equal(passes(fieldFilter, r), decider.can('read', SUBJECT, field, r).allowed, `${field} on ${JSON.stringify(r)}`);
          if (passes(fieldFilter, r)) assert.ok(passes(filter, r), 'a row showing a field is a row the filter selects');
        }
      }
    }),
    { numRuns: 500 },
  );
});

/**
 * Apollo's federation subgraph compatibility suite (@apollo/federation-subgraph-compatibility 1.2.1)
 * against a products subgraph built with meshgate's buildSubgraphSchema, and its router-side checks
 * against meshgate's gateway serving the composed supergraph (products + the suite's users and inventory).
 * Every check of the suite runs; the required ones (introspection, @key single, @link) must pass, and the
 * optional ones that meshgate supports are pinned below so a regression fails here too.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ensureCompatInstalled,
  formatOutcomes,
  outcomes,
  runSuiteJest,
  startCompatGateway,
  startReferenceSubgraph,
  suiteChecks,
  type CheckOutcome,
} from './compat-harness.ts';
import type { RunningSubgraph } from './compat/products-subgraph.ts';

/**
 * Optional checks meshgate passes today. Not listed: `ftv1` (meshgate's subgraphs do not produce federated
 * traces) and `@interfaceObject` (the planner sends an @interfaceObject type's fields to the subgraph that
 * defines the interface instead of resolving them through `_entities` on the @interfaceObject subgraph).
 */
const EXPECTED_OPTIONAL_PASSES = [
  '@key multiple',
  '@key composite',
  'repeatable @key',
  '@requires',
  '@provides',
  '@shareable',
  '@tag',
  '@override',
  '@inaccessible',
  '@composeDirective',
];

const running: RunningSubgraph[] = [];
let results: CheckOutcome[] = [];

before(
  async () => {
    await ensureCompatInstalled();
    const { startProductsSubgraph } = await import('./compat/products-subgraph.ts');
    const products = await startProductsSubgraph();
    running.push(products);
    const users = await startReferenceSubgraph('users');
    running.push(users);
    const inventory = await startReferenceSubgraph('inventory');
    running.push(inventory);
    const gateway = await startCompatGateway({ products: products.url, users: users.url, inventory: inventory.url });
    running.push(gateway);
    results = outcomes(suiteChecks(), await runSuiteJest(products.url, gateway.url));
    console.log(`Apollo federation subgraph compatibility (1.2.1), meshgate products subgraph + meshgate gateway:\n${formatOutcomes(results)}`);
  },
  { timeout: 600_000 },
);

after(async () => {
  await Promise.all(running.reverse().map((r) => r.close()));
});

test('every check of the suite ran', () => {
  assert.ok(results.length >= 15, `the suite lists ${results.length} checks`);
  assert.deepEqual(
    results.filter((r) => r.status === 'not-run').map((r) => r.assertion),
    [],
  );
});

test('the required checks pass (introspection, @key single, @link)', () => {
  const required = results.filter((r) => r.required);
  assert.deepEqual(required.map((r) => r.assertion).sort(), ['@key single', '@link', 'introspection']);
  for (const check of required) assert.equal(check.status, 'passed', `${check.assertion}: ${check.failures.join('; ')}`);
});

test('the optional checks meshgate supports pass', () => {
  const byName = new Map(results.map((r) => [r.assertion, r]));
  for (const name of EXPECTED_OPTIONAL_PASSES) {
    const check = byName.get(name);
    assert.equal(check?.status, 'passed', `${name}: ${check?.failures.join('; ')}`);
  }
});

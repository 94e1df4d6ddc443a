import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildASTSchema, parse, printSchema } from 'graphql';
import { CompositionError, composeSupergraph, federationSubgraphLink } from '../../../src/federation/index.ts';
import { benchmarkSubgraphTypeDefs, readBenchmarkFile } from '../../bench/federation/subgraphs.ts';

const benchmarkSubgraphs = () =>
  Object.entries(benchmarkSubgraphTypeDefs).map(([name, typeDefs]) => ({ name, typeDefs, url: `http://127.0.0.1:4200/${name}` }));

test('the four benchmark subgraphs compose into the benchmark supergraph', () => {
  const sdl = composeSupergraph(benchmarkSubgraphs());
  assert.match(sdl, /@join__field\(graph: INVENTORY, requires: "price weight"\)/);
  assert.match(sdl, /@join__field\(graph: REVIEWS, provides: "username"\)/);
  assert.match(sdl, /ACCOUNTS @join__graph\(name: "accounts", url: "http:\/\/127.0.0.1:4200\/accounts"\)/);
  const strip = (s: string) => printSchema(buildASTSchema(parse(s), { assumeValidSDL: true }));
  const expectedTypes = (s: string) =>
    strip(s)
      .split('\n\n')
      .filter((block) => /^type (Query|User|Product|Review) /.test(block))
      .map((b) => b.replace(/\s+/g, ' '))
      .sort();
  assert.deepEqual(
    expectedTypes(sdl).map((b) => b.replace(/ @join__\w+\([^)]*\)/g, '')),
    expectedTypes(readBenchmarkFile('supergraph.graphql')).map((b) => b.replace(/ @join__\w+\([^)]*\)/g, '')),
  );
});

test('a clashing field type is a CompositionError naming both subgraphs and the field', () => {
  const a = `${federationSubgraphLink}\ntype Query { shop: Shop }\ntype Shop @key(fields: "id") { id: ID! revenue: Int @shareable }`;
  const b = `${federationSubgraphLink}\ntype Query { shops: [Shop] }\ntype Shop @key(fields: "id") { id: ID! revenue: String @shareable }`;
  assert.throws(
    () =>
      composeSupergraph([
        { name: 'sales', typeDefs: a },
        { name: 'finance', typeDefs: b },
      ]),
    (error: unknown) => {
      assert.ok(error instanceof CompositionError);
      assert.equal(error.code, 'COMPOSITION_ERROR');
      assert.match(error.message, /Shop\.revenue/);
      assert.match(error.message, /sales/);
      assert.match(error.message, /finance/);
      assert.ok(error.issues.some((i) => i.subgraphs.includes('sales') && i.subgraphs.includes('finance')));
      return true;
    },
  );
});

test('a value type defined in two subgraphs without @shareable is rejected with both names', () => {
  const a = `${federationSubgraphLink}\ntype Query { a: Money }\ntype Money { amount: Int }`;
  const b = `${federationSubgraphLink}\ntype Query { b: Money }\ntype Money { amount: Int }`;
  assert.throws(
    () =>
      composeSupergraph([
        { name: 'billing', typeDefs: a },
        { name: 'payroll', typeDefs: b },
      ]),
    (error: unknown) => {
      assert.ok(error instanceof CompositionError);
      assert.match(error.message, /Money\.amount/);
      assert.match(error.message, /billing/);
      assert.match(error.message, /payroll/);
      return true;
    },
  );
});

test('invalid SDL is reported against its subgraph', () => {
  assert.throws(
    () => composeSupergraph([{ name: 'broken', typeDefs: 'type Query {' }]),
    (error: unknown) => {
      assert.ok(error instanceof CompositionError);
      assert.deepEqual(error.issues[0].subgraphs, ['broken']);
      return true;
    },
  );
});

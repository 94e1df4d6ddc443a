/**
 * Federation of foreign subgraphs: the four benchmark subgraphs (which define `User`, as the identity domain does)
 * registered as remote subgraphs with `typePrefix: "Bench"` next to the demo domains, queried across both.
 * Needs the gateway to honour `typePrefix` in MESHGATE_CONFIG's remoteSubgraphs (renameSubgraphTypes +
 * createRenamingClient from src/federation).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readBenchmarkFile, startBenchmarkSubgraphs, type BenchmarkSubgraphs } from '../bench/federation/subgraphs.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

const benchNames = ['accounts', 'inventory', 'products', 'reviews'];
const data = JSON.parse(readBenchmarkFile('data.json')) as {
  products: { upc: string; name: string }[];
  reviews: { productUpc: string }[];
};

let subgraphs: BenchmarkSubgraphs;
let gateway: TestGateway;
let configDir: string;

before(async () => {
  subgraphs = await startBenchmarkSubgraphs({ port: 0 });
  configDir = mkdtempSync(path.join(tmpdir(), 'meshgate-foreign-'));
  const configFile = path.join(configDir, 'meshgate.json');
  const remoteSubgraphs = benchNames.map((name) => ({ name: `bench-${name}`, url: `${subgraphs.url}/${name}`, typePrefix: 'Bench' }));
  writeFileSync(configFile, JSON.stringify({ remoteSubgraphs }));
  gateway = await startTestGateway({ profile: 'embedded', scale: 0.02, env: { MESHGATE_CONFIG: configFile } });
});

after(async () => {
  await gateway?.close();
  await subgraphs?.close();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

test('one query reads the foreign benchmark subgraphs, the identity domain and the catalog', async () => {
  const response = await gateway.query(`{
    topProducts { name reviews { author { username } } }
    identity { users(first: 2) { nodes { name } } }
    dataProducts { name origin }
  }`);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.equal(response.body.errors, undefined, JSON.stringify(response.body.errors));
  const { topProducts, identity, dataProducts } = response.body.data;

  // The benchmark's reviews subgraph answers every author as "urigo" (see benchmark-subgraphs.ts).
  const expectedProducts = data.products.slice(0, 5).map((p) => ({
    name: p.name,
    reviews: data.reviews.filter((r) => r.productUpc === p.upc).map(() => ({ author: { username: 'urigo' } })),
  }));
  assert.deepEqual(topProducts, expectedProducts);

  assert.equal(identity.users.nodes.length, 2);
  for (const user of identity.users.nodes) assert.ok(typeof user.name === 'string' && user.name.length > 0);

  const origins = Object.fromEntries(dataProducts.map((p: { name: string; origin: string }) => [p.name, p.origin]));
  for (const name of benchNames) assert.equal(origins[`bench-${name}`], 'remote');
  assert.equal(origins.identity, 'local');
});

test('foreign types keep their prefix in __typename while the domain keeps its own User', async () => {
  const response = await gateway.query(`{
    topProducts(first: 1) { __typename reviews { __typename author { __typename username } } }
    identity { users(first: 1) { nodes { __typename id } } }
  }`);
  assert.equal(response.body.errors, undefined, JSON.stringify(response.body.errors));
  const [product] = response.body.data.topProducts;
  assert.equal(product.__typename, 'BenchProduct');
  assert.ok(product.reviews.length > 0);
  for (const review of product.reviews) assert.deepEqual(review, { __typename: 'BenchReview', author: { __typename: 'BenchUser', username: 'urigo' } });
  assert.equal(response.body.data.identity.users.nodes[0].__typename, 'User');
});

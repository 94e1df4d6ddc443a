/**
 * Foreign subgraphs with clashing type names: the four benchmark subgraphs, prefixed with `Bench`, composed next to
 * a subgraph that defines its own `User`, queried across both over HTTP.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, type ExecutionResult } from 'graphql';
import {
  buildSubgraphSchema,
  composeSupergraph,
  CompositionError,
  createFederatedExecutor,
  createHttpSubgraphClient,
  createLocalSubgraphClient,
  createRenamingClient,
  federationSubgraphLink,
  renameSubgraphTypes,
  TypePrefixError,
  type SubgraphClient,
  type SubgraphRequest,
} from '../../../src/federation/index.ts';
import { benchmarkSubgraphTypeDefs, startBenchmarkSubgraphs, type BenchmarkSubgraphs } from '../../bench/federation/subgraphs.ts';

const benchNames = ['accounts', 'inventory', 'products', 'reviews'];
const peopleTypeDefs = `${federationSubgraphLink}
type Query { people: [User] }
type User @key(fields: "id") { id: ID! name: String! }`;
const people = buildSubgraphSchema(peopleTypeDefs, {
  Query: { people: () => [{ id: 'p1', name: 'Ada Lovelace' }] },
  User: { __resolveReference: (ref: { id: string }) => ({ id: ref.id, name: 'Ada Lovelace' }) },
});

let subgraphs: BenchmarkSubgraphs;
before(async () => {
  subgraphs = await startBenchmarkSubgraphs({ port: 0 });
});
after(() => subgraphs.close());

const wire = (result: ExecutionResult) => JSON.parse(JSON.stringify(result));

function prefixedBench() {
  return benchNames.map((name) => ({
    name: `bench_${name}`,
    url: `${subgraphs.url}/${name}`,
    ...renameSubgraphTypes(benchmarkSubgraphTypeDefs[name], 'Bench'),
  }));
}

test('renameSubgraphTypes prefixes defined types and every reference, keeping roots and federation machinery', () => {
  const { sdl, renames } = renameSubgraphTypes(benchmarkSubgraphTypeDefs.reviews, 'Bench');
  const printed = parse(sdl);
  const names = printed.definitions.flatMap((d) => ('name' in d && d.name ? [d.name.value] : []));
  assert.deepEqual(names.sort(), ['BenchProduct', 'BenchReview', 'BenchUser']);
  assert.match(sdl, /author: BenchUser @provides\(fields: "username"\)/);
  assert.match(sdl, /reviews: \[BenchReview\]/);
  assert.match(sdl, /extend schema @link\(url: "https:\/\/specs.apollo.dev\/federation\/v2.3"/);
  assert.deepEqual(
    [...renames.toPrefixed],
    [
      ['Review', 'BenchReview'],
      ['User', 'BenchUser'],
      ['Product', 'BenchProduct'],
    ],
  );
  assert.equal(renames.toRemote.get('BenchUser'), 'User');
});

test('renameSubgraphTypes follows unions, implements, inputs, enums, declared roots and `... on X` in field sets', () => {
  const { sdl, renames } = renameSubgraphTypes(
    `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@requires", "FieldSet"])
schema { query: Root }
type Root { search(filter: Filter, kind: Kind = BOOK): [Result] node(id: ID!): Node _service: _Service }
interface Node { id: ID! }
type Book implements Node @key(fields: "id") { id: ID! shelf: Shelf @external price: Int @requires(fields: "shelf { ... on Shelf { id } }") }
type Shelf { id: ID! }
union Result = Book | Shelf
input Filter { kind: Kind title: String }
enum Kind { BOOK SHELF }
scalar FieldSet
scalar _Any
type _Service { sdl: String }`,
    'X',
  );
  assert.deepEqual([...renames.toPrefixed.keys()].sort(), ['Book', 'Filter', 'Kind', 'Node', 'Result', 'Shelf']);
  assert.match(sdl, /schema \{\s+query: Root\s+\}/);
  assert.match(sdl, /search\(filter: XFilter, kind: XKind = BOOK\): \[XResult\]/);
  assert.match(sdl, /type XBook implements XNode @key\(fields: "id"\)/);
  assert.match(sdl, /@requires\(fields: "shelf \{ \.\.\. on XShelf \{ id \} \}"\)/);
  assert.match(sdl, /union XResult = XBook \| XShelf/);
  assert.match(sdl, /scalar FieldSet/);
  assert.match(sdl, /_service: _Service/);
  assert.throws(() => renameSubgraphTypes('type Query { a: Int }', 'not a name'), TypePrefixError);
});

test("without prefixes the benchmark subgraphs and a second User (like identity's) do not compose", () => {
  const sources = [...benchNames.map((name) => ({ name, typeDefs: benchmarkSubgraphTypeDefs[name] })), { name: 'people', typeDefs: peopleTypeDefs }];
  assert.throws(
    () => composeSupergraph(sources),
    (error: unknown) => error instanceof CompositionError && /User\.name/.test(error.message),
  );
});

test('prefixed benchmark subgraphs compose with another User and answer a query across both, with prefixed __typename', async () => {
  const bench = prefixedBench();
  const supergraphSdl = composeSupergraph([...bench.map(({ name, url, sdl }) => ({ name, url, typeDefs: sdl })), { name: 'people', typeDefs: peopleTypeDefs }]);
  const clients: Record<string, SubgraphClient> = { people: createLocalSubgraphClient(people) };
  for (const { name, url, renames } of bench) clients[name] = createRenamingClient(createHttpSubgraphClient(url), renames);
  const executor = createFederatedExecutor({ supergraphSdl, clients });
  const document = parse(`{
    topProducts(first: 2) { __typename name inStock shippingEstimate reviews { __typename author { __typename username } } }
    people { __typename name }
  }`);
  const result = wire(await executor.execute({ document }));
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  const author = { __typename: 'BenchUser', username: 'urigo' };
  assert.deepEqual(result.data.people, [{ __typename: 'User', name: 'Ada Lovelace' }]);
  assert.equal(result.data.topProducts.length, 2);
  for (const product of result.data.topProducts) {
    assert.equal(product.__typename, 'BenchProduct');
    assert.equal(typeof product.name, 'string');
    assert.equal(typeof product.inStock, 'boolean');
    assert.ok(product.reviews.length > 0);
    for (const review of product.reviews) assert.deepEqual(review, { __typename: 'BenchReview', author });
  }
  assert.ok(executor.apiSchema.getType('BenchUser') && executor.apiSchema.getType('User'));
});

test('the renaming client sends remote names (type conditions, variable types, representations) and caches per document', async () => {
  const { renames } = renameSubgraphTypes(benchmarkSubgraphTypeDefs.reviews, 'Bench');
  const seen: SubgraphRequest[] = [];
  const inner: SubgraphClient = {
    execute: async (req) => {
      seen.push(req);
      return { data: { _entities: [{ __typename: 'User', reviews: [{ __typename: 'Review', product: { __typename: 'Product' } }] }] } };
    },
  };
  const client = createRenamingClient(inner, renames);
  const query =
    'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on BenchUser { __typename reviews { __typename product { __typename } } } } }';
  const request = {
    query,
    document: parse(query),
    variables: { representations: [{ __typename: 'BenchUser', id: '1', nested: { __typename: 'BenchProduct' } }] },
    context: {},
  };
  const result = await client.execute(request);
  await client.execute(request);
  assert.match(seen[0].query, /\.\.\. on User \{/);
  assert.doesNotMatch(seen[0].query, /Bench/);
  assert.deepEqual(seen[0].variables.representations, [{ __typename: 'User', id: '1', nested: { __typename: 'Product' } }]);
  assert.equal(request.variables.representations[0].__typename, 'BenchUser', "the caller's variables are not mutated");
  assert.equal(seen[1].document, seen[0].document, 'one rewrite per document');
  assert.deepEqual(result.data, {
    _entities: [{ __typename: 'BenchUser', reviews: [{ __typename: 'BenchReview', product: { __typename: 'BenchProduct' } }] }],
  });
});

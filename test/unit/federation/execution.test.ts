import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getIntrospectionQuery, parse, validate, type ExecutionResult } from 'graphql';
import { createFederatedExecutor, createHttpSubgraphClient, createLocalSubgraphClient } from '../../../src/federation/index.ts';
import { createLibraryMesh } from './library-mesh.ts';

const wire = (result: ExecutionResult) => JSON.parse(JSON.stringify(result));

test('interface fragments spanning subgraphs: each runtime type gets its fields from where they live', async () => {
  const { executor, calls } = createLibraryMesh();
  const query = `{ media { __typename id title ... on Book { pages rating } ... on Movie { rating } } }`;
  const result = wire(await executor.execute({ document: parse(query) }));
  assert.deepEqual(result.data.media, [
    { __typename: 'Book', id: 'b1', title: 'Dune', pages: 412, rating: 5 },
    { __typename: 'Book', id: 'b2', title: 'Emma', pages: 320, rating: 3 },
    { __typename: 'Movie', id: 'm1', title: 'Alien', rating: 4 },
  ]);
  assert.deepEqual(
    calls.map((c) => c.subgraph),
    ['catalog', 'ratings'],
  );
  assert.deepEqual(calls[1].variables.representations, [
    { __typename: 'Book', id: 'b1' },
    { __typename: 'Book', id: 'b2' },
    { __typename: 'Movie', id: 'm1' },
  ]);
});

test('union with named fragments and nulls for non-matching members', async () => {
  const { executor } = createLibraryMesh();
  const query = `query S($term: String!) { search(term: $term) { ...B ... on Movie { title } } }
    fragment B on Book { title r: rating }`;
  const result = wire(await executor.execute({ document: parse(query), variableValues: { term: 'a' } }));
  assert.deepEqual(result, { data: { search: [{ title: 'Emma', r: 3 }, { title: 'Alien' }] } });
});

test('mutations run strictly in order, one fetch per consecutive same-subgraph run', async () => {
  const { executor, calls, log } = createLibraryMesh();
  const mutation = `mutation { a: addBook(title: "One") { id } r: rate(id: "b1", stars: 2) b: addBook(title: "Two") { id title rating } }`;
  const plan = executor.plan(parse(mutation));
  assert.equal(plan.node?.kind, 'Sequence');
  const result = wire(await executor.execute({ document: parse(mutation) }));
  assert.deepEqual(log, ['addBook:One', 'rate:b1', 'addBook:Two']);
  assert.deepEqual(result.data, { a: { id: 'b3' }, r: 2, b: { id: 'b4', title: 'Two', rating: null } });
  assert.deepEqual(
    calls.map((c) => c.subgraph),
    ['catalog', 'ratings', 'catalog', 'ratings'],
  );
});

test('a failing entity keeps partial data; the error path is rewritten to the client path with its code', async () => {
  const { executor } = createLibraryMesh();
  const result = wire(await executor.execute({ document: parse('{ search(term: "") { ... on Book { id reviewsCount } } }') }));
  assert.deepEqual(result.data.search, [{ id: 'b1', reviewsCount: 7 }, null, {}]);
  assert.equal(result.errors.length, 1);
  assert.equal(result.errors[0].message, 'reviews store is down');
  assert.deepEqual(result.errors[0].path, ['search', 1, 'reviewsCount']);
  assert.equal(result.errors[0].extensions.code, 'REVIEWS_DOWN');
});

test('an unreachable subgraph yields SUBGRAPH_UNAVAILABLE and the rest of the data', async () => {
  const { supergraphSdl, schemas } = createLibraryMesh();
  const executor = createFederatedExecutor({
    supergraphSdl,
    clients: { catalog: createLocalSubgraphClient(schemas.catalog), ratings: createHttpSubgraphClient('http://127.0.0.1:9/graphql', { timeoutMs: 2000 }) },
  });
  const result = wire(await executor.execute({ document: parse('{ book(id: "b1") { title rating } }') }));
  assert.deepEqual(result.data, { book: { title: 'Dune', rating: null } });
  assert.equal(result.errors[0].extensions.code, 'SUBGRAPH_UNAVAILABLE');
});

test('non-null violations propagate to the nearest nullable parent', async () => {
  const { supergraphSdl, schemas } = createLibraryMesh();
  const executor = createFederatedExecutor({
    supergraphSdl,
    clients: { catalog: createLocalSubgraphClient(schemas.catalog), ratings: { execute: async () => ({ data: { _entities: [{}] } }) } },
  });
  const result = wire(await executor.execute({ document: parse('{ book(id: "b1") { title reviewsCount } }') }));
  assert.deepEqual(result.data, { book: null });
  assert.deepEqual(result.errors[0].path, ['book', 'reviewsCount']);
});

test('introspection is answered from the API schema, without join/link machinery', async () => {
  const { executor } = createLibraryMesh();
  const document = parse(getIntrospectionQuery());
  assert.deepEqual(validate(executor.apiSchema, document), []);
  const result = wire(await executor.execute({ document }));
  const names: string[] = result.data.__schema.types.map((t: { name: string }) => t.name);
  assert.ok(names.includes('Book') && names.includes('SearchResult') && names.includes('Mutation'));
  assert.ok(!names.some((n) => n.startsWith('join__') || n.startsWith('link__') || n === '_Entity' || n === '_Any'));
  const mixed = wire(await executor.execute({ document: parse('{ __type(name: "Book") { fields { name } } book(id: "b2") { title } __typename }') }));
  assert.deepEqual(mixed.data, {
    __type: { fields: [{ name: 'id' }, { name: 'title' }, { name: 'pages' }, { name: 'rating' }, { name: 'reviewsCount' }] },
    book: { title: 'Emma' },
    __typename: 'Query',
  });
});

/**
 * The HTTP layer's side of trusted documents, over a tiny engine: the decision runs before
 * graphql-http parses, a registration is kept only for a document that validated (and never from
 * a GET mutation), and graphql-http still checks every other parameter of a hash-only request.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { TrustedDocuments } from '../../../src/gateway/http/index.ts';
import { decideDocument } from '../../../src/gateway/trusted-documents/index.ts';
import { postGraphQL, startTestServer, type RunningServer } from './fixtures.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const persisted = (text: string) => ({ persistedQuery: { version: 1, sha256Hash: sha256(text) } });

describe('trusted documents at the HTTP layer (apq mode)', () => {
  const registered = new Map<string, string>();
  const trustedDocuments: TrustedDocuments = {
    decide: (request) => decideDocument('apq', request, { manifest: new Map(), registered: async (hash) => registered.get(hash) }),
    register: async (hash, query) => void registered.set(hash, query),
  };
  let server: RunningServer;
  before(async () => {
    server = await startTestServer({ trustedDocuments });
  });
  after(() => server?.close());

  const getGraphQL = (params: Record<string, string>) =>
    fetch(`${server.url}/graphql?${new URLSearchParams(params)}`, { headers: { accept: 'application/graphql-response+json' } });

  it('registers a valid document, then runs it by hash over POST and GET', async () => {
    const query = '{ hello }';
    assert.equal((await postGraphQL(server.url, { extensions: persisted(query) })).status, 404);
    const registering = await postGraphQL(server.url, { query, extensions: persisted(query) });
    assert.deepEqual(await registering.json(), { data: { hello: 'hello world' } });
    assert.equal(registered.get(sha256(query)), query);
    assert.deepEqual(await (await postGraphQL(server.url, { extensions: persisted(query) })).json(), { data: { hello: 'hello world' } });
    assert.deepEqual(await (await getGraphQL({ extensions: JSON.stringify(persisted(query)) })).json(), { data: { hello: 'hello world' } });
  });

  it('never registers a document that fails validation, nor a mutation sent by GET', async () => {
    const invalid = '{ nope }';
    const answer = await postGraphQL(server.url, { query: invalid, extensions: persisted(invalid) });
    assert.equal(answer.status, 400);
    assert.equal(registered.has(sha256(invalid)), false);
    const mutation = 'mutation { touch }';
    const byGet = await getGraphQL({ query: mutation, extensions: JSON.stringify(persisted(mutation)) });
    assert.equal(byGet.status, 405);
    assert.equal(registered.has(sha256(mutation)), false);
  });

  it('a hash-only request still has its other parameters checked by graphql-http', async () => {
    registered.set(sha256('{ hello }'), '{ hello }');
    const answer = await postGraphQL(server.url, { extensions: persisted('{ hello }'), variables: 'not an object' });
    assert.equal(answer.status, 400);
    assert.match(JSON.stringify(await answer.json()), /Invalid variables/);
  });

  it('a refusal answers application/json to a client that accepts only that, with the code', async () => {
    const answer = await postGraphQL(server.url, { extensions: persisted('{ unknown }') }, { accept: 'application/json' });
    assert.equal(answer.status, 404);
    assert.match(answer.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(((await answer.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code, 'PERSISTED_QUERY_NOT_FOUND');
  });
});

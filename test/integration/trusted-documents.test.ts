/**
 * Trusted documents through a real gateway (embedded profile), driven by Apollo Client with its
 * persisted-queries link as an app would: the first run of a query misses and registers it, the
 * second sends the hash alone; a GET with a hash runs a query and never a mutation; a safelist
 * gateway runs its manifest's operations and refuses anything else before any statement.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from '@apollo/client/core';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { print } from 'graphql';
import type { TypedDocumentNode } from '@apollo/client/core';
import { subscribeLive } from '../support/live-client.ts';
import { startTestGateway, tokenFor, type TestGateway } from '../support/test-gateway.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Already carrying the __typename fields Apollo's cache adds, so the text sent is `print` of it. */
interface UsersData {
  identity: { users: { nodes: { id: string }[] } };
}
const USERS: TypedDocumentNode<UsersData> = gql`
  query FirstUsers {
    identity {
      __typename
      users(first: 2) {
        __typename
        nodes {
          __typename
          id
        }
      }
    }
  }
`;
const USERS_TEXT = print(USERS);
const VERSION_MUTATION = 'mutation Version { platformVersion }';

interface WireRequest {
  method: string;
  url: string;
  body: Record<string, unknown> | null;
  status: number;
  requestId: string;
}

/** Apollo Client over the persisted-queries link, recording every request it puts on the wire. */
async function apolloClient(gateway: TestGateway, options: { useGETForHashedQueries?: boolean } = {}) {
  const wire: WireRequest[] = [];
  const token = await tokenFor({ role: 'admin' });
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : null;
    wire.push({ method: init?.method ?? 'GET', url: String(input), body, status: response.status, requestId: response.headers.get('x-request-id') ?? '' });
    return response;
  };
  const link = ApolloLink.from([
    new PersistedQueryLink({ sha256, useGETForHashedQueries: options.useGETForHashedQueries ?? false }),
    new HttpLink({ uri: `${gateway.url}/graphql`, fetch: recordingFetch, headers: { authorization: `Bearer ${token}` } }),
  ]);
  const client = new ApolloClient({ link, cache: new InMemoryCache() });
  return { client, wire };
}

interface Answer {
  status: number;
  body: { data?: UsersData; errors?: { message: string; extensions: Record<string, unknown> }[] };
}

async function get(gateway: TestGateway, params: Record<string, string>): Promise<Answer> {
  const token = await tokenFor({ role: 'admin' });
  const response = await fetch(`${gateway.url}/graphql?${new URLSearchParams(params)}`, {
    headers: { accept: 'application/graphql-response+json', authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

async function firstError(response: Response): Promise<{ message: string; extensions: Record<string, unknown> }> {
  return ((await response.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] }).errors[0];
}

const hashOnly = (text: string) => JSON.stringify({ persistedQuery: { version: 1, sha256Hash: sha256(text) } });

/** Listed in the safelist's manifest too, so the test reads the access log there. */
const ACCESS_RECORD =
  'query Record($id: String) { auditLog(where: { requestId: $id }) { edges { node { status operationName operationType documentHash errorCodes } } } }';

async function accessRecord(gateway: TestGateway, requestId: string) {
  const log = await gateway.query(ACCESS_RECORD, { id: requestId });
  return log.body.data.auditLog.edges[0]?.node;
}

describe('automatic persisted queries (apq, the default)', () => {
  let gateway: TestGateway;
  let manifestDir: string;
  before(async () => {
    // A manifest in apq mode: its documents run by hash without registration (here a mutation, for the GET rule).
    manifestDir = mkdtempSync(path.join(tmpdir(), 'meshgate-apq-'));
    const manifest = path.join(manifestDir, 'persisted-documents.json');
    writeFileSync(manifest, JSON.stringify({ [sha256(VERSION_MUTATION)]: VERSION_MUTATION }));
    gateway = await startTestGateway({ profile: 'embedded', scale: 0.02, env: { MESHGATE_TRUSTED_MANIFEST: manifest } });
  });
  after(async () => {
    await gateway?.close();
    rmSync(manifestDir, { recursive: true, force: true });
  });

  it('Apollo Client misses once, registers with the document, then sends the hash alone', async () => {
    const { client, wire } = await apolloClient(gateway);
    const first = await client.query({ query: USERS, fetchPolicy: 'network-only' });
    assert.equal(first.data?.identity.users.nodes.length, 2);
    assert.deepEqual(
      wire.map((r) => [r.method, r.status, typeof r.body?.query]),
      [
        ['POST', 404, 'undefined'],
        ['POST', 200, 'string'],
      ],
    );
    assert.deepEqual((wire[0].body?.extensions as { persistedQuery?: unknown } | undefined)?.persistedQuery, { version: 1, sha256Hash: sha256(USERS_TEXT) });
    assert.equal(wire[1].body?.query, USERS_TEXT);

    const second = await client.query({ query: USERS, fetchPolicy: 'network-only' });
    assert.deepEqual(second.data, first.data);
    assert.deepEqual(
      wire.slice(2).map((r) => [r.method, r.status, typeof r.body?.query]),
      [['POST', 200, 'undefined']],
    );

    // The miss and the hash-only hit are on the access log like any operation, with the document's hash.
    assert.deepEqual((await accessRecord(gateway, wire[0].requestId))?.errorCodes, ['PERSISTED_QUERY_NOT_FOUND']);
    assert.deepEqual(await accessRecord(gateway, wire[2].requestId), {
      status: 'ok',
      operationName: 'FirstUsers',
      operationType: 'query',
      documentHash: sha256(USERS_TEXT),
      errorCodes: [],
    });
  });

  it('a GET with a registered hash runs the query (Apollo’s useGETForHashedQueries too)', async () => {
    const answer = await get(gateway, { extensions: hashOnly(USERS_TEXT) });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.data?.identity.users.nodes.length, 2);
    const { client, wire } = await apolloClient(gateway, { useGETForHashedQueries: true });
    await client.query({ query: USERS, fetchPolicy: 'network-only' });
    assert.deepEqual(
      wire.map((r) => [r.method, r.status]),
      [['GET', 200]],
    );
  });

  it('a GET never runs a mutation, persisted or not: 405 as GraphQL over HTTP requires', async () => {
    const answer = await get(gateway, { extensions: hashOnly(VERSION_MUTATION) });
    assert.equal(answer.status, 405);
    const posted = await gateway.query(VERSION_MUTATION);
    assert.equal(posted.status, 200, 'the same mutation runs over POST');
  });

  it('a hash that is not the document’s is refused with 400 PERSISTED_QUERY_HASH_MISMATCH; an unknown version with 400', async () => {
    const token = await tokenFor({ role: 'admin' });
    const send = (body: unknown) =>
      fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    const mismatch = await send({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ other }') } } });
    assert.equal(mismatch.status, 400);
    assert.equal((await firstError(mismatch)).extensions.code, 'PERSISTED_QUERY_HASH_MISMATCH');
    const version = await send({ extensions: { persistedQuery: { version: 3, sha256Hash: sha256('{ __typename }') } } });
    assert.equal(version.status, 400);
    assert.match((await firstError(version)).message, /only version 1 is supported/);
  });
});

describe('safelist mode', () => {
  let gateway: TestGateway;
  let manifestDir: string;
  before(async () => {
    manifestDir = mkdtempSync(path.join(tmpdir(), 'meshgate-safelist-'));
    const manifest = path.join(manifestDir, 'persisted-query-manifest.json');
    const operations = [
      { id: sha256(USERS_TEXT), name: 'FirstUsers', type: 'query', body: USERS_TEXT },
      { id: sha256(ACCESS_RECORD), name: 'Record', type: 'query', body: ACCESS_RECORD },
    ];
    writeFileSync(manifest, JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations }));
    gateway = await startTestGateway({
      profile: 'embedded',
      scale: 0.02,
      env: { MESHGATE_TRUSTED_DOCUMENTS: 'safelist', MESHGATE_TRUSTED_MANIFEST: manifest },
    });
  });
  after(async () => {
    await gateway?.close();
    rmSync(manifestDir, { recursive: true, force: true });
  });

  it('runs a manifest operation from Apollo Client by its hash alone, at the first request', async () => {
    const { client, wire } = await apolloClient(gateway);
    const result = await client.query({ query: USERS, fetchPolicy: 'network-only' });
    assert.equal(result.data?.identity.users.nodes.length, 2);
    assert.deepEqual(
      wire.map((r) => [r.method, r.status, typeof r.body?.query]),
      [['POST', 200, 'undefined']],
    );
  });

  it('refuses an operation outside the manifest with 400 PERSISTED_QUERY_NOT_ALLOWED, before any statement, and records it', async () => {
    const { client, wire } = await apolloClient(gateway);
    gateway.resetCounts();
    const unlisted: TypedDocumentNode<UsersData> = gql`
      query Unlisted {
        identity {
          __typename
          users(first: 1) {
            __typename
            nodes {
              __typename
              id
            }
          }
        }
      }
    `;
    await assert.rejects(client.query({ query: unlisted, fetchPolicy: 'network-only' }), /not one of them/);
    assert.deepEqual(
      wire.map((r) => [r.status, typeof r.body?.query]),
      [[400, 'undefined']],
      'no registration attempt follows the refusal',
    );
    assert.deepEqual(gateway.counts(), { relational: 0, documents: 0 });
    const byText = await gateway.query('{ identity { users(first: 1) { nodes { id } } } }');
    assert.equal(byText.status, 400);
    assert.equal(byText.body.errors?.[0]?.extensions?.code, 'PERSISTED_QUERY_NOT_ALLOWED');
    assert.deepEqual((await accessRecord(gateway, wire[0].requestId))?.errorCodes, ['PERSISTED_QUERY_NOT_ALLOWED']);
  });

  it('a live subscription outside the manifest is refused with PERSISTED_QUERY_NOT_ALLOWED too', async () => {
    const live = await subscribeLive(gateway.url, { role: 'admin' }, 'subscription { engagementViewed { eventId } }');
    const answer = await live.answer;
    await live.close();
    assert.equal(answer.errors?.[0]?.extensions?.code, 'PERSISTED_QUERY_NOT_ALLOWED');
  });

  it('a registration is refused too: the text with its own hash is still outside the manifest', async () => {
    const text = '{ __typename }';
    const answer = await get(gateway, { query: text, extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: sha256(text) } }) });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.errors?.[0]?.extensions.code, 'PERSISTED_QUERY_NOT_ALLOWED');
  });
});

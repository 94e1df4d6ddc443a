/**
 * HTTP hygiene of a real gateway (embedded profile): CORS preflights and headers for a listed and an
 * unlisted origin, the security headers on the API, GraphiQL and error answers, CSRF prevention
 * (cookies by default, `on`), and the TLS listener with a self-signed certificate made for the
 * test: a query over HTTPS with the certificate trusted, HSTS, and a live subscription over WSS.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws/client';
import { startTestGateway, tokenFor, type TestGateway } from '../support/test-gateway.ts';
import { selfSignedCertificate, type TlsFiles } from '../support/tls-files.ts';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A raw request (fetch would hide or refuse Origin and Cookie), over https when the URL says so. */
function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string; ca?: string } = {}): Promise<Answer> {
  const target = new URL(url);
  const make = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = make(target, { method: init.method ?? 'GET', headers: init.headers, ...(init.ca ? { ca: init.ca } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** The status a WebSocket upgrade is answered with: 101 when it opened. */
function upgrade(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws', { headers });
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', (error) => reject(error));
  });
}

const APP = 'https://app.example.com';
const JSON_POST = { 'content-type': 'application/json' };
const TYPENAME = JSON.stringify({ query: '{ __typename }' });

function assertSecurityHeaders(answer: Answer, where: string): void {
  assert.equal(answer.headers['x-content-type-options'], 'nosniff', where);
  assert.equal(answer.headers['referrer-policy'], 'no-referrer', where);
  assert.equal(answer.headers['x-frame-options'], 'DENY', where);
  assert.equal(answer.headers['cross-origin-opener-policy'], 'same-origin', where);
  assert.equal(answer.headers['cross-origin-resource-policy'], 'same-origin', where);
  assert.match(String(answer.headers['content-security-policy']), /frame-ancestors 'none'/, where);
}

describe('CORS, security headers and CSRF prevention (HTTP, default CSRF mode)', () => {
  let gateway: TestGateway;
  before(async () => {
    gateway = await startTestGateway({
      profile: 'embedded',
      env: { MESHGATE_CORS_ORIGINS: `${APP},http://localhost:3000`, MESHGATE_CORS_CREDENTIALS: 'true' },
    });
  });
  after(() => gateway?.close());

  it('answers the preflight of a listed origin, on /graphql and on an ingestion route', async () => {
    for (const path of ['/graphql', '/v1/events']) {
      const answer = await send(`${gateway.url}${path}`, {
        method: 'OPTIONS',
        headers: { origin: APP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
      });
      assert.equal(answer.status, 204, path);
      assert.equal(answer.headers['access-control-allow-origin'], APP);
      assert.equal(answer.headers['access-control-allow-credentials'], 'true');
      assert.match(String(answer.headers['access-control-allow-methods']), /POST/);
      assert.match(String(answer.headers['access-control-allow-headers']), /content-type.*authorization.*x-request-id.*apollo-require-preflight/);
      assert.equal(answer.headers['access-control-max-age'], '600');
      assert.equal(answer.headers.vary, 'Origin');
    }
  });

  it('gives an unlisted origin no allow header, on the preflight and on the answer', async () => {
    const preflight = await send(`${gateway.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], undefined);
    const actual = await send(`${gateway.url}/graphql`, { method: 'POST', headers: { ...JSON_POST, origin: 'https://evil.example' }, body: TYPENAME });
    assert.equal(actual.status, 200);
    assert.equal(actual.headers['access-control-allow-origin'], undefined);
    assert.equal(actual.headers.vary, 'Origin');
  });

  it('adds the allow headers to a listed origin’s actual request', async () => {
    const answer = await send(`${gateway.url}/graphql`, { method: 'POST', headers: { ...JSON_POST, origin: APP }, body: TYPENAME });
    assert.equal(answer.status, 200);
    assert.deepEqual(JSON.parse(answer.body), { data: { __typename: 'Query' } });
    assert.equal(answer.headers['access-control-allow-origin'], APP);
    assert.equal(answer.headers['access-control-allow-credentials'], 'true');
    assert.match(String(answer.headers['access-control-expose-headers']), /x-request-id/);
    assertSecurityHeaders(answer, '/graphql');
    assert.equal(answer.headers['content-security-policy'], "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    assert.equal(answer.headers['strict-transport-security'], undefined, 'no HSTS over plain HTTP');
  });

  it('sends the security headers on error answers and GraphiQL, whose CSP allows its inline script by hash', async () => {
    for (const answer of [
      await send(`${gateway.url}/nowhere`),
      await send(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { ...JSON_POST, accept: 'application/graphql-response+json' },
        body: '{"query":"{ nope }"}',
      }),
    ]) {
      assert.ok(answer.status >= 400, String(answer.status));
      assertSecurityHeaders(answer, `error ${answer.status}`);
    }
    const page = await send(`${gateway.url}/graphiql`);
    assert.equal(page.status, 200);
    assertSecurityHeaders(page, '/graphiql');
    const inline = /<script>([\s\S]*?)<\/script>/.exec(page.body)?.[1] ?? '';
    const hash = createHash('sha256').update(inline).digest('base64');
    const csp = String(page.headers['content-security-policy']);
    assert.ok(csp.includes(`script-src 'self' 'sha256-${hash}'`), csp);
    assert.match(csp, /connect-src 'self'/);
    const asset = [...page.body.matchAll(/<script src="([^"]+)"/g)][0]![1];
    assertSecurityHeaders(await send(`${gateway.url}${asset}`), 'asset');
  });

  it('refuses a simple request that carries a cookie unless it has a preflight header (CSRF, default mode)', async () => {
    const get = `${gateway.url}/graphql?query=${encodeURIComponent('{ __typename }')}`;
    const refused = await send(get, { headers: { cookie: 'session=1' } });
    assert.equal(refused.status, 400);
    assert.equal(JSON.parse(refused.body).errors[0].extensions.code, 'CSRF_REFUSED');
    assertSecurityHeaders(refused, 'CSRF refusal');
    assert.equal((await send(get, { headers: { cookie: 'session=1', 'apollo-require-preflight': 'true' } })).status, 200);
    assert.equal((await send(get)).status, 200, 'a plain GET without cookies (GraphQL over HTTP) still works');
    const form = await send(`${gateway.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'text/plain', cookie: 'session=1' }, body: '[]' });
    assert.equal(form.status, 400);
    assert.equal(JSON.parse(form.body).errors[0].extensions.code, 'CSRF_REFUSED');
    const browser = await send(`${gateway.url}/graphql`, { headers: { accept: 'text/html', cookie: 'session=1' } });
    assert.equal(browser.status, 200, 'navigating to GraphiQL is no forgery');
  });

  it('refuses a cross-site WebSocket upgrade with a cookie, from an origin CORS does not list', async () => {
    const live = `${gateway.url.replace('http', 'ws')}/graphql/live`;
    assert.equal(await upgrade(live, { origin: 'https://evil.example', cookie: 'session=1' }), 403);
    assert.equal(await upgrade(live, { origin: APP, cookie: 'session=1' }), 101, 'a listed origin');
    assert.equal(await upgrade(live, { origin: gateway.url, cookie: 'session=1' }), 101, 'the same origin');
    assert.equal(await upgrade(live, { origin: 'https://evil.example' }), 101, 'no cookie, nothing to forge with (default mode)');
  });
});

describe('TLS listener (HTTPS, WSS) with CSRF prevention on', () => {
  let tls: TlsFiles;
  let gateway: TestGateway;
  before(async () => {
    tls = selfSignedCertificate();
    gateway = await startTestGateway({
      profile: 'embedded',
      env: { MESHGATE_TLS_CERT_FILE: tls.certFile, MESHGATE_TLS_KEY_FILE: tls.keyFile, MESHGATE_CSRF_PREVENTION: 'on' },
    });
  });
  after(async () => {
    await gateway?.close();
    tls?.remove();
  });

  it('serves https:// with the certificate, HSTS, and refuses a client that does not trust it', async () => {
    assert.match(gateway.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const answer = await send(`${gateway.url}/graphql`, { method: 'POST', headers: JSON_POST, body: TYPENAME, ca: tls.cert });
    assert.equal(answer.status, 200);
    assert.deepEqual(JSON.parse(answer.body), { data: { __typename: 'Query' } });
    assert.equal(answer.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains');
    await assert.rejects(send(`${gateway.url}/graphql`, { method: 'POST', headers: JSON_POST, body: TYPENAME }), /self-signed certificate/);
  });

  it('refuses every simple request without a preflight header when CSRF prevention is on', async () => {
    const get = `${gateway.url}/graphql?query=${encodeURIComponent('{ __typename }')}`;
    const refused = await send(get, { ca: tls.cert });
    assert.equal(refused.status, 400);
    assert.equal(JSON.parse(refused.body).errors[0].extensions.code, 'CSRF_REFUSED');
    assert.equal((await send(get, { ca: tls.cert, headers: { 'x-apollo-operation-name': 'Typename' } })).status, 200);
  });

  it('streams a live subscription over wss:// on the same listener', async () => {
    const ca = tls.cert;
    const token = await tokenFor({ role: 'admin' });
    const client = createClient({
      url: `${gateway.url.replace('https', 'wss')}/graphql/live`,
      webSocketImpl: class extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { ca });
        }
      },
      connectionParams: { authorization: `Bearer ${token}` },
      lazy: false,
      retryAttempts: 0,
    });
    try {
      const connected = new Promise<void>((resolve) => client.on('connected', () => setTimeout(resolve, 1000)));
      const received = new Promise<any>((resolve, reject) => {
        client.subscribe(
          { query: 'subscription { engagementViewed { eventId } }' },
          { next: resolve, error: reject, complete: () => reject(new Error('completed')) },
        );
      });
      await connected;
      const eventId = randomUUID();
      const data = { userId: 'u1', itemId: 'i00001', occurredAt: '2025-06-01T10:00:00Z', sessionId: 's', device: 'web', country: 'FR', ip: '10.1.1.1' };
      const ingest = await send(`${gateway.url}/v1/events`, {
        method: 'POST',
        ca,
        headers: { ...JSON_POST, authorization: `Bearer ${token}` },
        body: JSON.stringify({ events: [{ dataset: 'engagement.viewed', eventId, data }] }),
      });
      assert.equal(ingest.status, 200, ingest.body);
      assert.deepEqual((await received).data, { engagementViewed: { eventId } });
    } finally {
      await client.dispose();
    }
  });
});

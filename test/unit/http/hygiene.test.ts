/** The pure CORS and CSRF decisions of the gateway's HTTP server (src/gateway/http/hygiene). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { corsDecision, csrfRefuses, csrfRefusesUpgrade, type CorsPolicy } from '../../../src/gateway/http/hygiene/index.ts';

const listed: CorsPolicy = { kind: 'origins', origins: new Set(['https://app.example.com']), credentials: true, maxAgeSeconds: 60 };
const preflight = (origin: string) => ({ origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' });

describe('corsDecision', () => {
  test('off: never a CORS header, and an OPTIONS is no preflight of ours', () => {
    assert.deepEqual(corsDecision({ kind: 'off' }, 'OPTIONS', preflight('https://app.example.com')), { kind: 'actual', headers: {} });
  });

  test('a listed origin: its preflight is answered with the methods, headers, credentials and max age', () => {
    const decision = corsDecision(listed, 'OPTIONS', preflight('https://app.example.com'));
    assert.equal(decision.kind, 'preflight');
    assert.equal(decision.headers['access-control-allow-origin'], 'https://app.example.com');
    assert.equal(decision.headers['access-control-allow-credentials'], 'true');
    assert.equal(decision.headers['access-control-max-age'], '60');
    assert.equal(decision.headers.vary, 'Origin');
    assert.match(decision.headers['access-control-allow-headers'] ?? '', /authorization.*apollo-require-preflight/);
  });

  test('an unlisted origin gets no allow header, only Vary', () => {
    assert.deepEqual(corsDecision(listed, 'OPTIONS', preflight('https://evil.example')), { kind: 'preflight', headers: { vary: 'Origin' } });
    assert.deepEqual(corsDecision(listed, 'POST', { origin: 'https://evil.example' }), { kind: 'actual', headers: { vary: 'Origin' } });
  });

  test('*: any origin, no credentials, no Vary', () => {
    const decision = corsDecision({ kind: 'any', maxAgeSeconds: 600 }, 'GET', { origin: 'https://anyone.example' });
    assert.equal(decision.headers['access-control-allow-origin'], '*');
    assert.equal(decision.headers['access-control-allow-credentials'], undefined);
    assert.equal(decision.headers.vary, undefined);
  });
});

describe('csrfRefuses', () => {
  const simpleGet = { cookie: 'session=1' };
  test('cookies (the default): only a simple request carrying a cookie is refused', () => {
    assert.equal(csrfRefuses('cookies', simpleGet), true);
    assert.equal(csrfRefuses('cookies', {}), false);
    assert.equal(csrfRefuses('cookies', { ...simpleGet, 'content-type': 'application/json' }), false);
    assert.equal(csrfRefuses('cookies', { ...simpleGet, 'content-type': 'text/plain;charset=UTF-8' }), true);
    assert.equal(csrfRefuses('cookies', { ...simpleGet, 'apollo-require-preflight': 'true' }), false);
    assert.equal(csrfRefuses('cookies', { ...simpleGet, 'x-apollo-operation-name': 'Q' }), false);
    assert.equal(csrfRefuses('cookies', { ...simpleGet, 'apollo-require-preflight': '' }), true, 'an empty header proves nothing');
  });
  test('on: every simple request; off: none', () => {
    assert.equal(csrfRefuses('on', {}), true);
    assert.equal(csrfRefuses('on', { 'content-type': 'multipart/form-data; boundary=x' }), true);
    assert.equal(csrfRefuses('on', { 'content-type': 'application/graphql-response+json' }), false);
    assert.equal(csrfRefuses('off', simpleGet), false);
  });
});

describe('csrfRefusesUpgrade', () => {
  const host = { host: 'gw.example.com:4000' };
  test('a cross-site upgrade with a cookie is refused unless CORS lists its origin; without Origin it is no browser', () => {
    assert.equal(csrfRefusesUpgrade('cookies', listed, { ...host, origin: 'https://evil.example', cookie: 'a=1' }, false), true);
    assert.equal(csrfRefusesUpgrade('cookies', listed, { ...host, origin: 'https://evil.example' }, false), false);
    assert.equal(csrfRefusesUpgrade('cookies', listed, { ...host, origin: 'https://app.example.com', cookie: 'a=1' }, false), false);
    assert.equal(csrfRefusesUpgrade('cookies', listed, { ...host, cookie: 'a=1' }, false), false);
  });
  test('the same origin passes, with the scheme TLS gives it; on refuses cross-site without cookies too; off never', () => {
    assert.equal(csrfRefusesUpgrade('on', { kind: 'off' }, { ...host, origin: 'https://gw.example.com:4000' }, true), false);
    assert.equal(csrfRefusesUpgrade('on', { kind: 'off' }, { ...host, origin: 'http://gw.example.com:4000' }, true), true);
    assert.equal(csrfRefusesUpgrade('on', { kind: 'any', maxAgeSeconds: 1 }, { ...host, origin: 'https://x.example' }, false), false);
    assert.equal(csrfRefusesUpgrade('off', { kind: 'off' }, { ...host, origin: 'https://x.example', cookie: 'a=1' }, false), false);
  });
});

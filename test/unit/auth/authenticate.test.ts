/** Bearer JWTs: HS256 and JWKS (RS256, ES256), expiry, issuer, audience; anonymous without a token. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
import { authConfigFromEnv, createAuthenticator, mintToken, type Authenticator } from '../../../src/auth/index.ts';

const SECRET = 'a-test-secret-that-is-32-chars-long!!';

async function rejectsUnauthenticated(promise: Promise<unknown>, message: RegExp) {
  await assert.rejects(promise, (error: { code?: string; message: string }) => {
    assert.equal(error.code, 'UNAUTHENTICATED');
    assert.match(error.message, message);
    return true;
  });
}

describe('HS256', () => {
  const auth = createAuthenticator(authConfigFromEnv({ AUTH_JWT_SECRET: SECRET, AUTH_ISSUER: 'meshgate-test', AUTH_AUDIENCE: 'api' }));
  const mint = (over: Partial<Parameters<typeof mintToken>[1]> = {}) =>
    mintToken(SECRET, { sub: 'u000001', roles: ['app-user'], claims: { country: 'DE' }, issuer: 'meshgate-test', audience: 'api', ...over });

  it('maps a valid token to its subject, roles and claims', async () => {
    const actor = await auth.authenticate(`Bearer ${await mint()}`);
    assert.equal(actor.sub, 'u000001');
    assert.deepEqual(actor.roles, ['app-user']);
    assert.equal(actor.claims.country, 'DE');
  });

  it('gives the anonymous role when there is no token', async () => {
    assert.deepEqual(await auth.authenticate(undefined), { sub: null, roles: ['anonymous'], claims: {} });
  });

  it('rejects an expired token, a wrong issuer or audience, a bad signature and a malformed header', async () => {
    await rejectsUnauthenticated(auth.authenticate(`Bearer ${await mint({ expiresIn: '-1m' })}`), /expired/);
    await rejectsUnauthenticated(auth.authenticate(`Bearer ${await mint({ issuer: 'other' })}`), /iss claim/);
    await rejectsUnauthenticated(auth.authenticate(`Bearer ${await mint({ audience: 'other' })}`), /aud claim/);
    const forged = await mintToken('another-secret-that-is-32-chars-long!', { sub: 'x', roles: ['admin'], issuer: 'meshgate-test', audience: 'api' });
    await rejectsUnauthenticated(auth.authenticate(`Bearer ${forged}`), /signature/);
    await rejectsUnauthenticated(auth.authenticate('Basic dXNlcjpwYXNz'), /Bearer/);
  });

  it('rejects a token without roles', async () => {
    await rejectsUnauthenticated(auth.authenticate(`Bearer ${await mint({ roles: [] })}`), /no roles/);
  });

  it('never trusts a token when no verifier is configured', async () => {
    const none = createAuthenticator(authConfigFromEnv({}));
    await rejectsUnauthenticated(none.authenticate(`Bearer ${await mint()}`), /verifies no tokens/);
  });

  it('refuses a short secret and both verifiers at once', () => {
    assert.throws(() => authConfigFromEnv({ AUTH_JWT_SECRET: 'short' }), /AUTH_JWT_SECRET: must be at least 32/);
    assert.throws(() => authConfigFromEnv({ AUTH_JWT_SECRET: SECRET, AUTH_JWKS_URL: 'http://x' }), /not both/);
  });
});

describe('JWKS (RS256 and ES256)', () => {
  let server: Server;
  let auth: Authenticator;
  const keys: Record<string, Awaited<ReturnType<typeof generateKeyPair>>['privateKey']> = {};

  before(async () => {
    const jwks: JWK[] = [];
    for (const [alg, kid] of [
      ['RS256', 'rsa-1'],
      ['ES256', 'ec-1'],
    ] as const) {
      const pair = await generateKeyPair(alg, { extractable: true });
      keys[alg] = pair.privateKey;
      jwks.push({ ...(await exportJWK(pair.publicKey)), kid, alg, use: 'sig' });
    }
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: jwks })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    auth = createAuthenticator(authConfigFromEnv({ AUTH_JWKS_URL: `http://127.0.0.1:${port}/jwks.json` }));
  });
  after(() => server?.close());

  const sign = (alg: 'RS256' | 'ES256', kid: string) =>
    new SignJWT({ roles: 'support analyst', country: 'FR' }).setProtectedHeader({ alg, kid }).setSubject('s1').setExpirationTime('5m').sign(keys[alg]!);

  it('verifies RS256 and ES256 tokens against the key set; roles may be a space-separated string', async () => {
    for (const [alg, kid] of [
      ['RS256', 'rsa-1'],
      ['ES256', 'ec-1'],
    ] as const) {
      const actor = await auth.authenticate(`Bearer ${await sign(alg, kid)}`);
      assert.deepEqual([actor.sub, actor.roles, actor.claims.country], ['s1', ['support', 'analyst'], 'FR']);
    }
  });

  it('rejects an HS256 token and a key id the set does not hold', async () => {
    const hs = await mintToken(SECRET, { sub: 'x', roles: ['admin'] });
    await rejectsUnauthenticated(auth.authenticate(`Bearer ${hs}`), /algorithm/);
    await rejectsUnauthenticated(auth.authenticate(`Bearer ${await sign('RS256', 'unknown-kid')}`), /no key of the JWKS/);
  });
});

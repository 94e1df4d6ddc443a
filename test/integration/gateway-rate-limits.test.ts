/**
 * Rate limits as a deployment sees them: two gateways on one PostgreSQL share
 * one budget per actor and per client address (the counters live in the
 * platform database), another actor keeps its own, a refusal is 429 with
 * `Retry-After` and is in the access log; the embedded profile limits in
 * memory; a limiter store that is gone fails closed (503).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { startTestGateway, tokenFor, type Caller, type TestGateway } from '../support/test-gateway.ts';

interface Answer {
  status: number;
  retryAfter: string | null;
  requestId: string;
  body: { data?: { auditLog: { edges: { node: unknown }[] } }; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

const QUERY = '{ dataProducts { name } }';

async function post(gateway: TestGateway, caller: Caller, query = QUERY): Promise<Answer> {
  const token = await tokenFor(caller);
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as Answer['body'];
  return { status: response.status, retryAfter: response.headers.get('retry-after'), requestId: response.headers.get('x-request-id') ?? '', body };
}

/** `n` requests to each gateway at once, as `caller(i)`; the statuses sorted. */
async function burst(gateways: TestGateway[], n: number, caller: (i: number) => Caller): Promise<Answer[]> {
  const requests = gateways.flatMap((gateway, g) => Array.from({ length: n }, (_, i) => post(gateway, caller(g * n + i))));
  return Promise.all(requests);
}

function assertRateLimited(answer: Answer, windowSeconds: number): void {
  assert.equal(answer.status, 429, JSON.stringify(answer.body));
  const retryAfter = Number(answer.retryAfter);
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= windowSeconds, `Retry-After ${answer.retryAfter}`);
  const error = answer.body.errors?.[0];
  assert.equal(error?.extensions?.code, 'RATE_LIMITED');
  assert.equal(error?.extensions?.retryAfter, retryAfter);
  assert.equal('data' in answer.body, false);
}

const count = (answers: Answer[], status: number) => answers.filter((a) => a.status === status).length;

describe('rate limits shared by two gateways on one PostgreSQL', () => {
  let a: TestGateway;
  let b: TestGateway;
  before(async () => {
    const env = { MESHGATE_RATE_LIMIT_ACTOR: '10/60', MESHGATE_RATE_LIMIT_IP: '40/60' };
    a = await startTestGateway({ profile: 'services', env });
    b = await startTestGateway({ profile: 'services', env, sharing: a });
  });
  after(async () => {
    await b?.close();
    await a?.close();
  });

  it('one actor: 6 requests to each gateway → exactly 10 served, 2 refused with Retry-After; another actor is unaffected', async () => {
    const answers = await burst([a, b], 6, () => ({ role: 'admin', sub: 'alice' }));
    assert.deepEqual([count(answers, 200), count(answers, 429)], [10, 2]);
    for (const refused of answers.filter((x) => x.status === 429)) assertRateLimited(refused, 60);
    assert.equal((await post(b, { role: 'admin', sub: 'bob' })).status, 200);
    // Ingestion counts against the same budget.
    const token = await tokenFor({ role: 'admin', sub: 'alice' });
    const ingest = await fetch(`${a.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '[]',
    });
    assert.equal(ingest.status, 429);
    assert.ok(Number(ingest.headers.get('retry-after')) >= 1);
    assert.equal(((await ingest.json()) as Answer['body']).errors?.[0]?.extensions?.code, 'RATE_LIMITED');
  });

  it('a refusal is in the access log, with its actor, as denied RATE_LIMITED', async () => {
    const refused = await post(a, { role: 'admin', sub: 'alice' });
    assert.equal(refused.status, 429);
    const log = await post(
      b,
      { role: 'admin', sub: 'auditor' },
      `{ auditLog(where: { requestId: "${refused.requestId}" }) { edges { node { status errorCodes actor { sub } } } } }`,
    );
    assert.deepEqual(log.body.data?.auditLog.edges[0]?.node, { status: 'denied', errorCodes: ['RATE_LIMITED'], actor: { sub: 'alice' } });
  });

  it('health and metrics probes are never limited', async () => {
    for (let i = 0; i < 15; i++) {
      for (const path of ['/healthz', '/readyz', '/metrics']) {
        const response = await fetch(`${a.url}${path}`);
        await response.arrayBuffer();
        assert.equal(response.status, 200, path);
      }
    }
  });
});

describe('the per-IP limit is shared by two gateways too', () => {
  let a: TestGateway;
  let b: TestGateway;
  before(async () => {
    a = await startTestGateway({ profile: 'services', env: { MESHGATE_RATE_LIMIT_IP: '10/60' } });
    b = await startTestGateway({ profile: 'services', env: { MESHGATE_RATE_LIMIT_IP: '10/60' }, sharing: a });
  });
  after(async () => {
    await b?.close();
    await a?.close();
  });

  it('6 requests of different actors from one address to each gateway → 10 served, 2 refused; anonymous ones count as well', async () => {
    const answers = await burst([a, b], 6, (i) => ({ role: 'admin', sub: `user-${i}` }));
    assert.deepEqual([count(answers, 200), count(answers, 429)], [10, 2]);
    for (const refused of answers.filter((x) => x.status === 429)) assertRateLimited(refused, 60);
    assertRateLimited(await post(b, { anonymous: true }), 60);
  });

  it('a limiter store that is gone fails closed: 503 RATE_LIMIT_UNAVAILABLE', async () => {
    const client = new pg.Client({ connectionString: a.env.DATABASE_URL });
    await client.connect();
    await client.query('DROP TABLE meshgate_rate_limits');
    await client.end();
    const answer = await post(a, { role: 'admin', sub: 'carol' });
    assert.equal(answer.status, 503, JSON.stringify(answer.body));
    assert.equal(answer.body.errors?.[0]?.extensions?.code, 'RATE_LIMIT_UNAVAILABLE');
  });
});

describe('the embedded profile limits in memory', () => {
  let gateway: TestGateway;
  before(async () => {
    gateway = await startTestGateway({ profile: 'embedded', env: { MESHGATE_RATE_LIMIT_ACTOR: '3/60' } });
  });
  after(async () => gateway?.close());

  it('3 requests per actor are served, the 4th is refused; anonymous requests have no actor budget', async () => {
    const answers = await burst([gateway], 4, () => ({ role: 'admin', sub: 'dave' }));
    assert.deepEqual([count(answers, 200), count(answers, 429)], [3, 1]);
    for (const refused of answers.filter((x) => x.status === 429)) assertRateLimited(refused, 60);
    const anonymous = await burst([gateway], 5, () => ({ anonymous: true }));
    assert.equal(count(anonymous, 200), 5);
  });
});

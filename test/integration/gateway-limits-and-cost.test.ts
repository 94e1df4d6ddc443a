/**
 * Request limits and cost budgets through a real gateway, on the embedded
 * profile and on PostgreSQL + FerretDB: each shape limit (tokens, depth,
 * aliases, directives) and the cost budget refuse with their code, the limit
 * and the measured value, before any work (zero SQL statements, zero Mongo
 * commands); a request just under each is served; explainCost shows the
 * estimate and where it is; a role with a bigger budget in its policy runs
 * what another role is refused.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { subscribeLive } from '../support/live-client.ts';
import { startTestGateway, tokenFor, type Caller, type TestGateway, type TestProfile } from '../support/test-gateway.ts';

interface Answer {
  status: number;
  contentType: string;
  body: { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function post(gateway: TestGateway, query: string, variables?: unknown, caller: Caller = { role: 'app-user', sub: 'u000001' }): Promise<Answer> {
  const token = await tokenFor(caller);
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: (await response.json()) as Answer['body'] };
}

/** A 400 request error (graphql-response+json, no data) with exactly these extensions, and nothing issued to a store. */
function assertRefused(gateway: TestGateway, answer: Answer, extensions: Record<string, unknown>): void {
  assert.equal(answer.status, 400, JSON.stringify(answer.body));
  assert.match(answer.contentType, /^application\/graphql-response\+json/);
  assert.equal('data' in answer.body, false, 'a request error has no data');
  assert.deepEqual(answer.body.errors?.[0]?.extensions, extensions);
  assert.deepEqual(gateway.counts(), { relational: 0, documents: 0 }, 'no statement was issued');
}

function assertServed(answer: Answer): void {
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.equal(answer.body.errors, undefined, JSON.stringify(answer.body.errors));
}

const aliases = (n: number, field = 'a: __typename') => Array.from({ length: n }, (_, i) => field.replace('a:', `a${i}:`)).join(' ');
/** `{ dataProducts { entities { relations { … } } } }`-free: n levels of a self-nesting type, the platform's policy explanation. */
function levelsQuery(levels: number): string {
  // commerce → orders → nodes → items → item → category → parent → parent … : a category's parent is a Category.
  const base = ['commerce', 'orders(first: 1)', 'nodes', 'items(first: 1)', 'item', 'category'];
  const path = [...base, ...Array.from({ length: Math.max(0, levels - base.length - 1) }, () => 'parent')];
  return `{ ${path.join(' { ')} { id${' }'.repeat(path.length)} }`;
}

for (const profile of ['embedded', 'services'] as TestProfile[]) {
  describe(`limits and cost through the gateway (${profile} profile)`, () => {
    let gateway: TestGateway;
    before(async () => {
      gateway = await startTestGateway({ profile, scale: 0.02 });
    });
    after(() => gateway?.close());

    it('the issue’s 2,000 aliases each reading 100 orders are refused before parsing, nothing issued', async () => {
      gateway.resetCounts();
      const query = `{ commerce { ${aliases(2000, 'a: orders(first: 100) { nodes { id } }')} } }`;
      const answer = await post(gateway, query);
      assert.equal(answer.body.errors?.[0]?.extensions?.code, 'MAX_TOKENS_EXCEEDED');
      assertRefused(gateway, answer, { code: 'MAX_TOKENS_EXCEEDED', limit: 2000, tokens: 2000 * 14 + 5 });
    });

    it('depth: 11 levels are MAX_DEPTH_EXCEEDED (limit 10, depth 11); 10 are served', async () => {
      gateway.resetCounts();
      assertRefused(gateway, await post(gateway, levelsQuery(11)), { code: 'MAX_DEPTH_EXCEEDED', limit: 10, depth: 11 });
      assertServed(await post(gateway, levelsQuery(10)));
    });

    it('aliases: 16 are MAX_ALIASES_EXCEEDED (limit 15), also through a fragment spread twice; 15 are served', async () => {
      gateway.resetCounts();
      assertRefused(gateway, await post(gateway, `{ ${aliases(16)} }`), { code: 'MAX_ALIASES_EXCEEDED', limit: 15, aliases: 16 });
      const spreadTwice = `{ identity { x: user(id: "u000001") { ...F } y: user(id: "u000002") { ...F } } } fragment F on User { ${aliases(7, 'a: id')} }`;
      assertRefused(gateway, await post(gateway, spreadTwice), { code: 'MAX_ALIASES_EXCEEDED', limit: 15, aliases: 16 });
      assertServed(await post(gateway, `{ ${aliases(15)} }`));
    });

    it('directives: 51 are MAX_DIRECTIVES_EXCEEDED (limit 50); 50 are served', async () => {
      gateway.resetCounts();
      const skips = (n: number) => `{ dataProducts { ${Array.from({ length: n }, () => 'name @include(if: true)').join(' ')} } }`;
      assertRefused(gateway, await post(gateway, skips(51)), { code: 'MAX_DIRECTIVES_EXCEEDED', limit: 50, directives: 51 });
      assertServed(await post(gateway, skips(50)));
    });

    it('tokens: 2,001 are MAX_TOKENS_EXCEEDED; 2,000 are served', async () => {
      gateway.resetCounts();
      // 29 tokens around n literal ids (commas are not tokens); distinct fields, as graphql-js aborts validating thousands of equal ones.
      const ids = (n: number) =>
        `{ identity { users(where: { id: { in: [${Array.from({ length: n }, (_, i) => `"u${i}"`).join(', ')}] } }, first: 1) { nodes { id } } } }`;
      assertRefused(gateway, await post(gateway, ids(1972)), { code: 'MAX_TOKENS_EXCEEDED', limit: 2000, tokens: 2001 });
      assertServed(await post(gateway, ids(1971)));
    });

    it('cost: over the default budget is COST_LIMIT_EXCEEDED with estimate and budget; within it is served', async () => {
      gateway.resetCounts();
      // 15 aliases × (100 orders + 100 × 20 lines) = 31,500 rows.
      const wide = `{ commerce { ${aliases(15, 'a: orders(first: 100) { nodes { id items(first: 20) { quantity } } }')} } }`;
      assertRefused(gateway, await post(gateway, wide), { code: 'COST_LIMIT_EXCEEDED', estimate: 31_500, budget: 5000 });
      // 2 × 2,100 = 4,200: served.
      assertServed(await post(gateway, `{ commerce { ${aliases(2, 'a: orders(first: 100) { nodes { id items(first: 20) { quantity } } }')} } }`));
    });

    it('a role whose policy sets a bigger budget runs what the default budget refuses', async () => {
      const query = `query($n: Int) { commerce { ${aliases(3, 'a: orders(first: $n) { nodes { id items(first: 20) { quantity } } }')} } }`;
      gateway.resetCounts();
      // 3 × 2,100 = 6,300 rows: over app-user's default 5,000, within analyst's 20,000.
      assertRefused(gateway, await post(gateway, query, { n: 100 }), { code: 'COST_LIMIT_EXCEEDED', estimate: 6300, budget: 5000 });
      assertServed(await post(gateway, query, { n: 100 }, { role: 'analyst', sub: 'a1' }));
    });

    it('a budget set through the admin API (putPolicy) applies to the next request and shows on the policy', async () => {
      const admin = { role: 'admin', sub: 'root' };
      const current = await post(
        gateway,
        '{ policy(role: "support") { version inherits rules { action subject fields conditions inverted reason } } }',
        undefined,
        admin,
      );
      const { version, inherits, rules } = current.body.data.policy;
      const put = await post(
        gateway,
        'mutation($rules: [PolicyRuleInput!]!, $inherits: [String!], $v: Int!) { putPolicy(role: "support", rules: $rules, inherits: $inherits, budget: 50, expectedVersion: $v) { version budget } }',
        { rules, inherits, v: version },
        admin,
      );
      assertServed(put);
      assert.equal(put.body.data.putPolicy.budget, 50);
      gateway.resetCounts();
      const answer = await post(gateway, '{ commerce { orders(first: 100) { nodes { id } } } }', undefined, { role: 'support', sub: 's1' });
      assertRefused(gateway, answer, { code: 'COST_LIMIT_EXCEEDED', estimate: 100, budget: 50 });
    });

    it('explainCost answers the estimate, the caller’s budget and a breakdown per path, running nothing', async () => {
      gateway.resetCounts();
      const explain = 'query($q: String!, $v: JSON) { explainCost(query: $q, variables: $v) { estimate budget withinBudget breakdown { path rows cost } } }';
      const q = 'query($n: Int) { commerce { orders(first: $n) { nodes { id user { name } items(first: 20) { quantity } } } } }';
      const answer = await post(gateway, explain, { q, v: { n: 100 } });
      assertServed(answer);
      assert.deepEqual(answer.body.data.explainCost, {
        estimate: 2200,
        budget: 5000,
        withinBudget: true,
        breakdown: [
          { path: 'commerce.orders', rows: 100, cost: 100 },
          { path: 'commerce.orders.nodes.user', rows: 100, cost: 100 },
          { path: 'commerce.orders.nodes.items', rows: 2000, cost: 2000 },
        ],
      });
      assert.deepEqual(gateway.counts(), { relational: 0, documents: 0 }, 'explaining runs nothing');
      const asAnalyst = await post(gateway, explain, { q, v: { n: 100 } }, { role: 'analyst', sub: 'a1' });
      assert.equal(asAnalyst.body.data.explainCost.budget, 20_000);
      const invalid = await post(gateway, explain, { q: `{ ${aliases(16)} }` });
      assert.equal(invalid.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
      assert.equal(invalid.body.errors?.[0]?.extensions?.reason, 'MAX_ALIASES_EXCEEDED');
    });

    it('live subscriptions refuse the same shape limits', async () => {
      const deep = await subscribeLive(gateway.url, { role: 'admin' }, `subscription { ${aliases(16, 'a: engagementViewed { eventId }')} }`);
      assert.deepEqual((await deep.answer).errors?.[0]?.extensions, { code: 'MAX_ALIASES_EXCEEDED', limit: 15, aliases: 16 });
      await deep.close();
      const long = await subscribeLive(gateway.url, { role: 'admin' }, `subscription { engagementViewed { ${'eventId '.repeat(2000)}} }`);
      assert.equal((await long.answer).errors?.[0]?.extensions?.code, 'MAX_TOKENS_EXCEEDED');
      await long.close();
    });
  });
}

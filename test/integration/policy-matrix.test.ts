/**
 * The demo policies through the gateway, on PostgreSQL + FerretDB and on
 * the embedded adapters: roles × subjects × fields. Every expected allow and
 * deny holds; a forbidden role gets zero rows, never the whole table; rows
 * hidden from a list are hidden from by-key reads and references too.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestGateway, type Caller, type GraphQLResponse, type TestGateway, type TestProfile } from '../support/test-gateway.ts';

const USERS = '{ identity { users(first: 100) { nodes { id name email country } } } }';
const ORDERS = '{ commerce { orders(first: 100) { nodes { id userId total items { id } user { id name } } } } }';
const ITEMS = '{ catalog { items(first: 100) { nodes { id name price } } } }';

const APP_USER: Caller = { role: 'app-user', sub: 'u000007' };
const SUPPORT_DE: Caller = { role: 'support', sub: 'agent-1', claims: { country: 'DE' } };
const ANALYST: Caller = { role: 'analyst', sub: 'analyst-1' };
const COMMERCE_OWNER: Caller = { role: 'domain-owner', sub: 'owner-1', claims: { domain: 'commerce' } };
const ANONYMOUS: Caller = { anonymous: true };

function codesAt(response: GraphQLResponse, field: string): Set<string> {
  return new Set((response.body.errors ?? []).filter((e) => e.path?.at(-1) === field).map((e) => String(e.extensions?.code)));
}

for (const profile of ['embedded', 'services'] as TestProfile[]) {
  describe(`policy matrix (${profile} profile)`, () => {
    let gateway: TestGateway;
    let allUsers: { id: string; country: string }[];
    before(async () => {
      gateway = await startTestGateway({ profile, scale: 0.1 });
      allUsers = (await gateway.query(USERS)).body.data.identity.users.nodes;
    });
    after(() => gateway?.close());

    it('admin reads every row and every field', async () => {
      assert.equal(allUsers.length, 100);
      const users = (await gateway.query(USERS)).body;
      assert.equal(users.errors, undefined);
      assert.ok(users.data.identity.users.nodes.every((u: { email: string }) => u.email.includes('@')));
    });

    it('anonymous reads no row of any subject, and gets no error for it', async () => {
      for (const query of [USERS, ORDERS, ITEMS]) {
        const response = await gateway.query(query, undefined, ANONYMOUS);
        assert.equal(response.body.errors, undefined);
        const connection = Object.values(Object.values(response.body.data)[0] as object)[0] as { nodes: unknown[] };
        assert.deepEqual(connection.nodes, []);
      }
      const byKey = await gateway.query('{ identity { user(id: "u000007") { id } } }', undefined, ANONYMOUS);
      assert.equal(byKey.body.data.identity.user, null);
    });

    it('app-user reads only their own user and orders; no order lines; the public catalog', async () => {
      const users = await gateway.query(USERS, undefined, APP_USER);
      assert.deepEqual(
        users.body.data.identity.users.nodes.map((u: { id: string }) => u.id),
        ['u000007'],
      );
      const orders = (await gateway.query(ORDERS, undefined, APP_USER)).body.data.commerce.orders.nodes;
      assert.ok(orders.length > 0, 'u000007 has orders at this scale');
      for (const order of orders) {
        assert.equal(order.userId, 'u000007');
        assert.deepEqual(order.items, [], 'order lines are not readable by app-user');
        assert.equal(order.user.id, 'u000007', 'the reference resolves to their own user');
      }
      const items = (await gateway.query(ITEMS, undefined, APP_USER)).body.data.catalog.items.nodes;
      assert.equal(items.length, 50);
    });

    it('a row hidden from the list is hidden from by-key reads and references', async () => {
      const other = await gateway.query('{ identity { user(id: "u000008") { id name } } }', undefined, APP_USER);
      assert.equal(other.body.data.identity.user, null);
      const order = await gateway.query('{ commerce { order(id: "o0000001") { id userId } } }', undefined, APP_USER);
      const owner = (await gateway.query('{ commerce { order(id: "o0000001") { userId } } }')).body.data.commerce.order.userId;
      if (owner !== 'u000007') assert.equal(order.body.data.commerce.order, null);
    });

    it('support reads only users of its own country, e-mail masked with FORBIDDEN at its path', async () => {
      const response = await gateway.query(USERS, undefined, SUPPORT_DE);
      const users = response.body.data.identity.users.nodes;
      assert.equal(users.length, allUsers.filter((u) => u.country === 'DE').length);
      assert.ok(users.length > 0);
      for (const user of users) {
        assert.equal(user.country, 'DE');
        assert.equal(user.email, null);
        assert.ok(user.name, 'other fields stand');
      }
      assert.deepEqual(codesAt(response, 'email'), new Set(['FORBIDDEN']));
      assert.equal(response.body.errors!.length, users.length, 'one error per masked e-mail');
    });

    it('analyst reads every domain but no pii field', async () => {
      const users = await gateway.query(USERS, undefined, ANALYST);
      const nodes = users.body.data.identity.users.nodes;
      assert.equal(nodes.length, 100);
      for (const user of nodes) {
        assert.equal(user.email, null);
        assert.equal(user.name, null);
        assert.ok(user.country);
      }
      assert.deepEqual(codesAt(users, 'email'), new Set(['FORBIDDEN']));
      const orders = await gateway.query(ORDERS, undefined, ANALYST);
      assert.ok(orders.body.data.commerce.orders.nodes.every((o: { items: unknown[] }) => o.items.length > 0));
    });

    it('domain-owner of commerce reads commerce, nothing of identity', async () => {
      const orders = await gateway.query(ORDERS, undefined, COMMERCE_OWNER);
      const nodes = orders.body.data.commerce.orders.nodes;
      assert.equal(nodes.length, 100);
      assert.ok(nodes.every((o: { items: unknown[]; user: unknown }) => o.items.length > 0 && o.user === null));
      assert.deepEqual((await gateway.query(USERS, undefined, COMMERCE_OWNER)).body.data.identity.users.nodes, []);
    });

    it('an invalid token is 401 UNAUTHENTICATED, never a downgrade to anonymous', async () => {
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer not.a.jwt' },
        body: JSON.stringify({ query: USERS }),
      });
      assert.equal(response.status, 401);
      const body = (await response.json()) as GraphQLResponse['body'];
      assert.equal(body.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
    });
  });
}

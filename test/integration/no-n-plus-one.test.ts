/**
 * Batching: the nested orders → user → items → catalog item query issues the
 * same number of statements for 1, 100 and 1,000 parent rows, on both
 * profiles (one per relation per nesting level).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestGateway, type TestGateway, type TestProfile } from '../support/test-gateway.ts';

const QUERY = `query Nested($first: Int!) {
  commerce {
    orders(first: $first, orderBy: [{ field: id }]) {
      nodes { id user { id name } items { quantity item { id name category { id name } } } }
    }
  }
}`;

for (const profile of ['embedded', 'services'] as TestProfile[]) {
  describe(`no N+1 (${profile} profile)`, () => {
    let gateway: TestGateway;
    before(async () => {
      gateway = await startTestGateway({ profile, scale: 0.1, maxPageSize: 1000 });
    });
    after(() => gateway?.close());

    for (const parents of [1, 100, 1000]) {
      it(`${parents} orders: 3 SQL statements and 2 document commands`, async () => {
        gateway.resetCounts();
        const response = await gateway.query(QUERY, { first: parents });
        assert.equal(response.body.errors, undefined, JSON.stringify(response.body.errors));
        const orders = response.body.data.commerce.orders.nodes;
        assert.equal(orders.length, parents);
        for (const order of orders) {
          assert.ok(order.user?.name, `order ${order.id} has its user`);
          assert.ok(order.items.length > 0, `order ${order.id} has items`);
          for (const line of order.items) assert.ok(line.item?.category?.name, `line of ${order.id} has its catalog item and category`);
        }
        // orders, order_items, users | items, categories
        assert.deepEqual(gateway.counts(), { relational: 3, documents: 2 });
      });
    }
  });
}

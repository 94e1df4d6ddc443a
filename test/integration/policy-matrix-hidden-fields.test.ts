/**
 * The policy matrix, continued: filter, sort and page by a hidden field, for
 * every role and every plane that takes a `where` — operational lists
 * (PostgreSQL and Mongo-sourced), many-relations, lake records, live
 * subscriptions — on the embedded profile and on PostgreSQL + FerretDB.
 * A field the caller may not read on every row (pii for analyst, e-mail for
 * support, everything of a subject without read, and a field of the test
 * role `regional` readable only on some rows) is refused with FORBIDDEN
 * naming the field and the argument: no rows, no value echoed, zero SQL
 * statements and zero Mongo commands. A cursor issued to admin for an order
 * on a hidden field is refused to the others. Filtering and sorting on
 * readable fields still work.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { subscribeLive } from '../support/live-client.ts';
import { repoRoot, startTestGateway, tokenFor, type Caller, type GraphQLResponse, type TestGateway, type TestProfile } from '../support/test-gateway.ts';

const ADMIN: Caller = { role: 'admin', sub: 'admin-1' };
const ANALYST: Caller = { role: 'analyst', sub: 'analyst-1' };
const SUPPORT_DE: Caller = { role: 'support', sub: 'agent-1', claims: { country: 'DE' } };
const APP_USER: Caller = { role: 'app-user', sub: 'u000007' };
const CATALOG_READER: Caller = { role: 'catalog-reader', sub: 'reader-1' };
const COMMERCE_OWNER: Caller = { role: 'domain-owner', sub: 'owner-1', claims: { domain: 'commerce' } };
const ANONYMOUS: Caller = { anonymous: true };
/** Reads every row; e-mail, unit price, rating and ip only on some rows (see REGIONAL_POLICY). */
const REGIONAL: Caller = { role: 'regional', sub: 'regional-1' };

const REGIONAL_POLICY = `
description: Test role with fields readable only on some rows.
rules:
  - action: read
    subject: [identity.User, commerce.Order, commerce.OrderItem, catalog.Item, catalog.Category, engagement.lake.viewed]
  - { action: read, subject: identity.User, fields: [email], inverted: true }
  - { action: read, subject: identity.User, fields: [email], conditions: { country: DE } }
  - { action: read, subject: commerce.OrderItem, fields: [unitPrice], inverted: true }
  - { action: read, subject: commerce.OrderItem, fields: [unitPrice], conditions: { quantity: 1 } }
  - { action: read, subject: catalog.Item, fields: [rating], inverted: true }
  - { action: read, subject: catalog.Item, fields: [rating], conditions: { currency: EUR } }
  - { action: read, subject: engagement.lake.viewed, fields: [ip], inverted: true }
  - { action: read, subject: engagement.lake.viewed, fields: [ip], conditions: { country: DE } }
`;

const RUN_ITEM = `i-hidden-${Date.now().toString(36)}`;
const IP = '10.9.8.7';
const lakeEvent = (i: number) => ({
  dataset: 'engagement.viewed',
  eventId: randomUUID(),
  data: {
    userId: 'u000007',
    itemId: RUN_ITEM,
    occurredAt: `2025-07-0${1 + (i % 2)}T10:00:00Z`,
    sessionId: `s${i}`,
    device: 'web',
    country: i % 2 ? 'DE' : 'FR',
    ip: IP,
  },
});
const records = (args: string) => `{ engagement { lake { viewed { records(${args}) { nodes { eventId country } pageInfo { endCursor } } } } } }`;

interface Probe {
  name: string;
  callers: Caller[];
  query: string;
  field: string;
  argument: string;
  /** Statements the request may issue before the refusal (the parent list of a many-relation). */
  statements?: { relational: number; documents: number };
}

function refusal(response: GraphQLResponse) {
  const error = response.body.errors?.find((e) => e.extensions?.code === 'FORBIDDEN');
  assert.ok(error, `expected FORBIDDEN in ${JSON.stringify(response.body)}`);
  return error;
}

for (const profile of ['embedded', 'services'] as TestProfile[]) {
  describe(`hidden fields are no oracle (${profile} profile)`, () => {
    let gateway: TestGateway;
    let policiesDir: string;
    let email: string;
    before(async () => {
      policiesDir = mkdtempSync(path.join(tmpdir(), 'meshgate-policies-'));
      cpSync(path.join(repoRoot, 'policies'), policiesDir, { recursive: true });
      writeFileSync(path.join(policiesDir, 'regional.yaml'), REGIONAL_POLICY);
      gateway = await startTestGateway({ profile, scale: 0.1, env: { MESHGATE_POLICIES_DIR: policiesDir } });
      email = (await gateway.query('{ identity { user(id: "u000007") { email } } }')).body.data.identity.user.email;
      await landLakeEvents(gateway);
    });
    after(async () => {
      await gateway?.close();
      rmSync(policiesDir, { recursive: true, force: true });
    });

    const probes = (): Probe[] => [
      {
        name: 'users where email eq',
        callers: [ANALYST, SUPPORT_DE, REGIONAL],
        query: `{ identity { users(where: { email: { eq: "${email}" } }) { nodes { id } } } }`,
        field: 'email',
        argument: 'where.email',
      },
      {
        name: 'users where email contains, inside and/or/not',
        callers: [ANALYST, SUPPORT_DE, REGIONAL],
        query: `{ identity { users(where: { and: [{ country: { ne: "XX" } }, { not: { or: [{ email: { contains: "${email.slice(0, 3)}" } }] } }] }) { nodes { id } } } }`,
        field: 'email',
        argument: 'where.and[1].not.or[0].email',
      },
      {
        name: 'users orderBy email',
        callers: [ANALYST, SUPPORT_DE, REGIONAL],
        query: '{ identity { users(first: 3, orderBy: [{ field: email }]) { nodes { id } } } }',
        field: 'email',
        argument: 'orderBy[0]',
      },
      {
        name: 'users of a subject without read',
        callers: [CATALOG_READER, COMMERCE_OWNER, ANONYMOUS],
        query: '{ identity { users(where: { country: { eq: "DE" } }) { nodes { id } } } }',
        field: 'country',
        argument: 'where.country',
      },
      {
        name: 'order lines without read (list)',
        callers: [APP_USER, CATALOG_READER, ANONYMOUS],
        query: '{ commerce { orderItems(orderBy: [{ field: quantity }]) { nodes { id } } } }',
        field: 'quantity',
        argument: 'orderBy[0]',
      },
      {
        name: 'Mongo items orderBy a row-dependent field',
        callers: [REGIONAL],
        query: '{ catalog { items(first: 5, orderBy: [{ field: rating }]) { nodes { id } } } }',
        field: 'rating',
        argument: 'orderBy[0]',
      },
      {
        name: 'Mongo items of a subject without read',
        callers: [ANONYMOUS, COMMERCE_OWNER],
        query: '{ catalog { items(where: { name: { contains: "a" } }) { nodes { id } } } }',
        field: 'name',
        argument: 'where.name',
      },
      {
        name: 'many-relation order lines without read',
        callers: [APP_USER],
        query: '{ commerce { orders(first: 3) { nodes { id items(where: { quantity: { gt: 0 } }) { id } } } } }',
        field: 'quantity',
        argument: 'where.quantity',
        statements: { relational: 1, documents: 0 },
      },
      {
        name: 'many-relation on a row-dependent field',
        callers: [REGIONAL],
        query: '{ commerce { orders(first: 3) { nodes { id items(where: { unitPrice: { gt: 1 } }) { id } } } } }',
        field: 'unitPrice',
        argument: 'where.unitPrice',
        statements: { relational: 1, documents: 0 },
      },
      {
        name: 'Mongo many-relation on a row-dependent field',
        callers: [REGIONAL],
        query: '{ catalog { categories(first: 2) { nodes { id items(orderBy: [{ field: rating, direction: DESC }]) { id } } } } }',
        field: 'rating',
        argument: 'orderBy[0]',
        statements: { relational: 0, documents: 1 },
      },
      {
        name: 'lake records where ip',
        callers: [ANALYST, APP_USER, REGIONAL, SUPPORT_DE, CATALOG_READER, COMMERCE_OWNER, ANONYMOUS],
        query: records(`where: { ip: { eq: "${IP}" } }`),
        field: 'ip',
        argument: 'where.ip',
      },
      {
        name: 'lake records orderBy ip',
        callers: [ANALYST, APP_USER, REGIONAL],
        query: records('orderBy: [{ field: ip }]'),
        field: 'ip',
        argument: 'orderBy[0]',
      },
    ];

    it('every role is refused, FORBIDDEN naming field and argument, with no rows, no value and no statement', async () => {
      for (const probe of probes()) {
        for (const caller of probe.callers) {
          gateway.resetCounts();
          const response = await gateway.query(probe.query, undefined, caller);
          const label = `${probe.name} as ${caller.role ?? 'anonymous'}`;
          const error = refusal(response);
          assert.equal(error.extensions?.field, probe.field, label);
          assert.equal(error.extensions?.argument, probe.argument, label);
          assert.equal(response.body.data, null, `${label}: nothing of the list is answered`);
          assert.ok(!JSON.stringify(response.body).includes(email) && !JSON.stringify(response.body).includes(IP), `${label}: no value echoed`);
          assert.deepEqual(gateway.counts(), probe.statements ?? { relational: 0, documents: 0 }, `${label}: statements issued`);
        }
      }
    });

    it('admin may filter and sort on every one of those fields', async () => {
      for (const probe of probes()) {
        const response = await gateway.query(probe.query, undefined, ADMIN);
        assert.equal(response.body.errors, undefined, `${probe.name}: ${JSON.stringify(response.body.errors)}`);
      }
      const found = await gateway.query(`{ identity { users(where: { email: { eq: "${email}" } }) { nodes { id } } } }`);
      assert.deepEqual(found.body.data.identity.users.nodes, [{ id: 'u000007' }]);
    });

    it('filtering and sorting on readable fields still work, for every role', async () => {
      const users =
        '{ identity { users(first: 100, where: { country: { eq: "DE" } }, orderBy: [{ field: country }, { field: tier, direction: DESC }]) { nodes { id } } } }';
      for (const caller of [ANALYST, SUPPORT_DE, REGIONAL]) {
        const response = await gateway.query(users, undefined, caller);
        assert.equal(response.body.errors, undefined, JSON.stringify(response.body.errors));
        assert.ok(response.body.data.identity.users.nodes.length > 0);
      }
      const own = await gateway.query(`{ identity { users(where: { email: { eq: "${email}" } }) { nodes { id } } } }`, undefined, APP_USER);
      assert.deepEqual(own.body.data.identity.users.nodes, [{ id: 'u000007' }], 'a field readable on every row the caller may read is no hidden field');
      const items =
        '{ catalog { items(first: 3, where: { name: { contains: "a" } }, orderBy: [{ field: price }]) { nodes { id } } categories(first: 2) { nodes { items(orderBy: [{ field: name }]) { id } } } } }';
      for (const caller of [CATALOG_READER, APP_USER, SUPPORT_DE, REGIONAL])
        assert.equal((await gateway.query(items, undefined, caller)).body.errors, undefined);
      const orders = await gateway.query(
        '{ commerce { orders(first: 3, where: { status: { ne: "x" } }) { nodes { items(where: { quantity: { gt: 0 } }) { id } } } } }',
        undefined,
        COMMERCE_OWNER,
      );
      assert.equal(orders.body.errors, undefined);
      const lake = records(`where: { itemId: { eq: "${RUN_ITEM}" }, country: { eq: "DE" } }, orderBy: [{ field: occurredAt, direction: DESC }]`);
      for (const caller of [ANALYST, APP_USER, REGIONAL]) {
        const response = await gateway.query(lake, undefined, caller);
        assert.equal(response.body.errors, undefined, JSON.stringify(response.body.errors));
        assert.equal(response.body.data.engagement.lake.viewed.records.nodes.length, 2);
      }
    });

    it('a cursor issued to admin for an order on a hidden field is refused to other roles, naming `after`', async () => {
      const page = await gateway.query('{ identity { users(first: 2, orderBy: [{ field: email }]) { pageInfo { endCursor } } } }');
      const cursor = page.body.data.identity.users.pageInfo.endCursor;
      for (const caller of [ANALYST, SUPPORT_DE, REGIONAL]) {
        gateway.resetCounts();
        const replayed = await gateway.query('query($c: String) { identity { users(first: 2, after: $c) { nodes { id } } } }', { c: cursor }, caller);
        assert.deepEqual([refusal(replayed).extensions?.field, refusal(replayed).extensions?.argument], ['email', 'after']);
        assert.deepEqual(gateway.counts(), { relational: 0, documents: 0 });
      }
      const lakePage = await gateway.query(records(`first: 1, where: { itemId: { eq: "${RUN_ITEM}" } }, orderBy: [{ field: ip }]`));
      const lakeCursor = lakePage.body.data.engagement.lake.viewed.records.pageInfo.endCursor;
      for (const caller of [ANALYST, REGIONAL]) {
        const replayed = await gateway.query(`query($c: String) ${records('after: $c')}`, { c: lakeCursor }, caller);
        assert.deepEqual([refusal(replayed).extensions?.field, refusal(replayed).extensions?.argument], ['ip', 'after']);
      }
    });

    it('the refusal is in the access log as a denial of the field', async () => {
      await gateway.query(`query ProbeEmail { identity { users(where: { email: { eq: "${email}" } }) { nodes { id } } } }`, undefined, ANALYST);
      const log = await gateway.query(
        '{ auditLog(where: { operationName: "ProbeEmail" }, first: 1) { edges { node { status errorCodes resources { subject fields decision } } } } }',
      );
      const record = log.body.data.auditLog.edges[0].node;
      assert.equal(record.status, 'denied');
      assert.ok(
        record.resources.some(
          (r: { subject: string; fields: string[]; decision: string }) => r.subject === 'identity.User' && r.fields.includes('email') && r.decision === 'deny',
        ),
      );
    });

    it('live subscriptions refuse a where on a hidden field for every role; on a readable one they stream', async () => {
      const hidden = `subscription { engagementViewed(where: { ip: { eq: "${IP}" } }) { eventId } }`;
      for (const caller of [ANALYST, APP_USER, REGIONAL, SUPPORT_DE, CATALOG_READER, COMMERCE_OWNER, ANONYMOUS]) {
        const live = await subscribeLive(gateway.url, caller, hidden);
        const answer = await live.answer;
        await live.close();
        assert.equal(answer.errors?.[0]?.extensions?.code, 'FORBIDDEN', `${caller.role ?? 'anonymous'}: ${JSON.stringify(answer)}`);
        assert.deepEqual(answer.events, []);
      }
      const live = await subscribeLive(
        gateway.url,
        ANALYST,
        `subscription { engagementViewed(where: { itemId: { eq: "${RUN_ITEM}" }, country: { eq: "DE" } }) { eventId country } }`,
      );
      await live.started;
      const sent = lakeEvent(1);
      await postEvents(gateway, [sent]);
      const answer = await live.answer;
      await live.close();
      assert.equal(answer.errors, undefined);
      assert.equal(answer.events[0]?.data.engagementViewed.eventId, sent.eventId);
    });
  });
}

async function postEvents(gateway: TestGateway, events: unknown[]): Promise<void> {
  const token = await tokenFor(ADMIN);
  const response = await fetch(`${gateway.url}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(events),
  });
  assert.equal(response.status, 200);
}

/** Four events of this run (two DE, two FR), read back until the sink landed them. */
async function landLakeEvents(gateway: TestGateway): Promise<void> {
  await postEvents(gateway, [0, 1, 2, 3].map(lakeEvent));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const landed = (await gateway.query(records(`where: { itemId: { eq: "${RUN_ITEM}" } }`))).body.data?.engagement.lake.viewed.records.nodes ?? [];
    if (landed.length >= 4) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the lake events did not land within 60 s');
}

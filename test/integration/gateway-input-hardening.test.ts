/**
 * Input an attacker would send, through a real gateway on the embedded
 * profile and on PostgreSQL + FerretDB: deeply nested `where` literals and
 * variables, variables that do not fit their types, NUL characters in every
 * plane's string input. Each is a 400-class answer with a code naming the
 * problem, before any statement; never a 500, and never AUDIT_UNAVAILABLE:
 * the access record of the refused request is written.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { subscribeLive } from '../support/live-client.ts';
import { startTestGateway, tokenFor, type Caller, type TestGateway, type TestProfile } from '../support/test-gateway.ts';

interface Answer {
  status: number;
  contentType: string;
  requestId: string;
  body: { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function post(gateway: TestGateway, query: string, variables?: unknown, options: { caller?: Caller; accept?: string } = {}): Promise<Answer> {
  const token = await tokenFor(options.caller ?? { role: 'admin' });
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: options.accept ?? 'application/graphql-response+json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    requestId: response.headers.get('x-request-id') ?? '',
    body: (await response.json()) as Answer['body'],
  };
}

const nots = (n: number) => `${'{ not: '.repeat(n)}{ email: { eq: "x" } }${' }'.repeat(n)}`;
function notVariable(n: number): unknown {
  let value: unknown = { email: { eq: 'x' } };
  for (let i = 0; i < n; i++) value = { not: value };
  return value;
}

/** A request error: the status for graphql-response+json, no `data`, the code; and zero statements. */
function assertRefused(gateway: TestGateway, answer: Answer, code: string): NonNullable<Answer['body']['errors']>[number] {
  assert.equal(answer.status, 400, JSON.stringify(answer.body));
  assert.match(answer.contentType, /^application\/graphql-response\+json/);
  assert.equal('data' in answer.body, false, 'a request error has no data');
  const error = answer.body.errors?.[0];
  assert.equal(error?.extensions?.code, code, JSON.stringify(answer.body));
  assert.deepEqual(gateway.counts(), { relational: 0, documents: 0 }, 'no statement was issued');
  return error!;
}

async function accessRecord(gateway: TestGateway, requestId: string) {
  const log = await post(gateway, 'query($id: String) { auditLog(where: { requestId: $id }) { edges { node { status errorCodes variables } } } }', {
    id: requestId,
  });
  return log.body.data.auditLog.edges[0]?.node as { status: string; errorCodes: string[]; variables: string | null } | undefined;
}

for (const profile of ['embedded', 'services'] as TestProfile[]) {
  describe(`hostile input through the gateway (${profile} profile)`, () => {
    let gateway: TestGateway;
    before(async () => {
      gateway = await startTestGateway({ profile, scale: 0.02 });
    });
    after(() => gateway?.close());

    it('a where literal thousands of levels deep is 400 INPUT_TOO_DEEP naming the limit, and recorded', async () => {
      gateway.resetCounts();
      const answer = await post(gateway, `{ identity { users(where: ${nots(3000)}) { nodes { id } } } }`);
      const error = assertRefused(gateway, answer, 'INPUT_TOO_DEEP');
      assert.deepEqual(error.extensions, { code: 'INPUT_TOO_DEEP', limit: 32, argument: 'where' });
      assert.deepEqual((await accessRecord(gateway, answer.requestId))?.errorCodes, ['INPUT_TOO_DEEP']);
      const atLimit = await post(gateway, `{ identity { users(where: ${nots(30)}) { nodes { id } } } }`);
      assert.equal(atLimit.status, 200, '32 levels are within the limit');
      assert.equal(atLimit.body.errors, undefined);
    });

    it('variables thousands of levels deep are 400 INPUT_TOO_DEEP, not AUDIT_UNAVAILABLE; the record keeps them truncated', async () => {
      gateway.resetCounts();
      const answer = await post(gateway, 'query($w: UserWhere) { identity { users(where: $w) { nodes { id } } } }', { w: notVariable(3000) });
      const error = assertRefused(gateway, answer, 'INPUT_TOO_DEEP');
      assert.deepEqual(error.extensions, { code: 'INPUT_TOO_DEEP', limit: 32, argument: 'where', variable: 'w' });
      const record = await accessRecord(gateway, answer.requestId);
      assert.equal(record?.status, 'error');
      assert.match(record?.variables ?? '', /\[TRUNCATED\]/);
      const nested = await post(gateway, 'query($w: UserWhere) { identity { users(where: { not: $w }) { nodes { id } } } }', { w: notVariable(30) });
      assert.equal(nested.body.errors?.[0]?.extensions?.argument, 'where.not', 'the literal around a variable counts');
    });

    it('a variable that does not fit its type is a request error with the coercion message, never passed on', async () => {
      gateway.resetCounts();
      const notInt = await post(gateway, 'query($n: Int) { identity { users(first: $n) { nodes { id } } } }', { n: 'abc' });
      assert.match(assertRefused(gateway, notInt, 'BAD_USER_INPUT').message, /Variable "\$n" got invalid value "abc"; Int cannot represent non-integer value/);
      const unknown = await post(gateway, 'query($w: UserWhere) { identity { users(where: $w) { nodes { id } } } }', { w: { shoeSize: { eq: 42 } } });
      assert.match(assertRefused(gateway, unknown, 'BAD_USER_INPUT').message, /Field "shoeSize" is not defined by type "UserWhere"/);
      const plainJson = await post(gateway, 'query($n: Int) { identity { users(first: $n) { nodes { id } } } }', { n: 'abc' }, { accept: 'application/json' });
      assert.equal(plainJson.status, 200, 'application/json answers request errors with 200');
      assert.equal('data' in plainJson.body, false);
      assert.equal(plainJson.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    });

    it('a NUL character is BAD_USER_INPUT naming the argument path, on every plane that takes text', async () => {
      const cases: [string, Record<string, unknown> | undefined, string][] = [
        ['{ identity { users(where: { email: { eq: "a\\u0000b" } }) { nodes { id } } } }', undefined, 'where.email.eq'],
        [
          'query($s: String) { identity { users(where: { or: [{ name: { contains: $s } }] }) { nodes { id } } } }',
          { s: 'a\u0000' },
          'where.or[0].name.contains',
        ],
        ['query($w: OrderWhere) { commerce { orders(where: $w) { nodes { id } } } }', { w: { status: { in: ['paid', 'x\u0000'] } } }, 'where.status.in[1]'],
        ['query($id: ID!) { identity { user(id: $id) { id } } }', { id: 'u\u0000' }, 'id'],
        ['query($s: String) { catalog { items(where: { name: { eq: $s } }) { nodes { id } } } }', { s: '\u0000' }, 'where.name.eq'],
        [
          'query($s: ID) { engagement { lake { viewed { records(where: { userId: { eq: $s } }) { nodes { eventId } } } } } }',
          { s: 'u\u0000' },
          'where.userId.eq',
        ],
        ['query($s: String) { auditLog(where: { actorSub: $s }) { edges { cursor } } }', { s: 'a\u0000' }, 'where.actorSub'],
        ['query($r: String!) { policy(role: $r) { role } }', { r: 'support\u0000' }, 'role'],
        ['mutation($c: String) { putPolicy(role: "x", rules: [], expectedVersion: 0, comment: $c) { role } }', { c: 'n\u0000' }, 'comment'],
        [
          'mutation($e: [IngestEventInput!]!) { ingestEvents(events: $e) { accepted { index } } }',
          { e: [{ dataset: 'engagement.viewed', data: { sessionId: 's\u0000' } }] },
          'events[0].data.sessionId',
        ],
      ];
      for (const [query, variables, argument] of cases) {
        gateway.resetCounts();
        const error = assertRefused(gateway, await post(gateway, query, variables), 'BAD_USER_INPUT');
        assert.equal(error.extensions?.argument, argument, query);
        assert.match(error.message, /contains a NUL character \(U\+0000\)/);
      }
    });

    it('an event carrying a NUL is rejected on its own, with a code and the field; the rest of the batch is accepted', async () => {
      const event = (data: Record<string, unknown> = {}, eventId: string = randomUUID()) => ({
        dataset: 'engagement.viewed',
        eventId,
        data: { userId: 'u000001', itemId: 'i00001', occurredAt: '2025-06-01T10:00:00Z', sessionId: 's', device: 'web', country: 'DE', ...data },
      });
      const batch = [event({ sessionId: 'a\u0000b' }), event({}, 'id\u0000x'), event(), event({ userId: 'u\u0000' })];
      const token = await tokenFor({ role: 'admin' });
      const response = await fetch(`${gateway.url}/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(batch),
      });
      assert.equal(response.status, 200);
      const body = (await response.json()) as { accepted: { index: number }[]; rejected: { index: number; code: string; field: string }[] };
      assert.deepEqual(
        body.accepted.map((a) => a.index),
        [2],
      );
      assert.deepEqual(
        body.rejected.map((r) => [r.index, r.code, r.field]),
        [
          [0, 'WRONG_TYPE', 'sessionId'],
          [1, 'INVALID_EVENT_ID', 'eventId'],
          [3, 'WRONG_TYPE', 'userId'],
        ],
      );
    });

    it('live subscriptions refuse the same input: too deep, NUL, a variable of the wrong type', async () => {
      const deep = await subscribeLive(
        gateway.url,
        { role: 'admin' },
        `subscription { engagementViewed(where: ${'{ not: '.repeat(3000)}{ country: { eq: "DE" } }${' }'.repeat(3000)}) { eventId } }`,
      );
      assert.equal((await deep.answer).errors?.[0]?.extensions?.code, 'INPUT_TOO_DEEP');
      await deep.close();
      const nul = await subscribeLive(gateway.url, { role: 'admin' }, 'subscription { engagementViewed(where: { country: { eq: "D\\u0000E" } }) { eventId } }');
      const nulAnswer = await nul.answer;
      await nul.close();
      assert.deepEqual([nulAnswer.errors?.[0]?.extensions?.code, nulAnswer.errors?.[0]?.extensions?.argument], ['BAD_USER_INPUT', 'where.country.eq']);
      const wrongType = await subscribeLive(
        gateway.url,
        { role: 'admin' },
        'subscription($c: String) { engagementViewed(where: { country: { eq: $c } }) { eventId } }',
        1,
        { c: 5 },
      );
      const wrongAnswer = await wrongType.answer;
      await wrongType.close();
      assert.equal(wrongAnswer.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
      assert.match(wrongAnswer.errors?.[0]?.message ?? '', /String cannot represent a non string value: 5/);
    });
  });
}

describe('MESHGATE_MAX_INPUT_DEPTH', () => {
  let gateway: TestGateway;
  before(async () => {
    gateway = await startTestGateway({ profile: 'embedded', env: { MESHGATE_MAX_INPUT_DEPTH: '8' } });
  });
  after(() => gateway?.close());

  it('sets the limit the gateway enforces and names', async () => {
    assert.equal((await post(gateway, `{ identity { users(where: ${nots(6)}) { nodes { id } } } }`)).status, 200);
    const refused = await post(gateway, `{ identity { users(where: ${nots(7)}) { nodes { id } } } }`);
    assert.deepEqual(refused.body.errors?.[0]?.extensions, { code: 'INPUT_TOO_DEEP', limit: 8, argument: 'where' });
  });
});

/**
 * The access log through the gateway on PostgreSQL: N concurrent requests
 * leave exactly N records, each with its actor, resources and decision;
 * `meshgate audit verify` passes, then names the record a test edited,
 * deleted or swapped.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { repoRoot, startTestGateway, type TestGateway } from '../support/test-gateway.ts';

const N = 1000;
const QUERY = 'query Own { identity { users(first: 5) { nodes { id email } } } }';

function verifyCli(env: Record<string, string>): { status: number; output: string } {
  const result = spawnSync(process.execPath, ['src/cli/main.ts', 'audit', 'verify'], { cwd: repoRoot, env: { ...process.env, ...env }, encoding: 'utf8' });
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

describe('access log (services profile)', () => {
  let gateway: TestGateway;
  let db: pg.Client;
  before(async () => {
    gateway = await startTestGateway({ profile: 'services', scale: 0.1 });
    db = new pg.Client({ connectionString: gateway.env.DATABASE_URL });
    await db.connect();
  });
  after(async () => {
    await db?.end();
    await gateway?.close();
  });

  it(`${N} concurrent requests produce exactly ${N} access records`, async () => {
    const before = (await db.query('SELECT count(*)::int AS n FROM meshgate_access_log')).rows[0].n;
    const callers = [{ role: 'admin' }, { role: 'support', claims: { country: 'DE' } }, { anonymous: true }];
    const responses = await Promise.all(Array.from({ length: N }, (_, i) => gateway.query(QUERY, undefined, { ...callers[i % 3], sub: `load-${i}` })));
    assert.ok(responses.every((r) => r.status === 200));
    const { rows } = await db.query(
      'SELECT count(*)::int AS n, count(DISTINCT request_id)::int AS requests, max(seq) - min(seq) + 1 AS span FROM meshgate_access_log',
    );
    assert.equal(rows[0].n - before, N);
    assert.equal(Number(rows[0].span), rows[0].n, 'sequence numbers have no gap');
  });

  it('records who read what under which rule, with masked fields as denials', async () => {
    const response = await gateway.query(QUERY, { token: 's3cr3t' }, { role: 'support', sub: 'agent-7', claims: { country: 'DE' } });
    assert.ok(response.body.errors?.length, 'the e-mails of DE users are masked');
    const { rows } = await db.query(
      "SELECT actor, operation_name, status, resources, variables, document_hash FROM meshgate_access_log WHERE actor->>'sub' = 'agent-7' ORDER BY seq DESC LIMIT 1",
    );
    const record = rows[0];
    assert.deepEqual(record.actor.roles, ['support']);
    assert.equal(record.operation_name, 'Own');
    assert.equal(record.status, 'partial', 'e-mails were masked');
    assert.equal(record.variables.token, '[REDACTED]');
    assert.match(record.document_hash, /^[0-9a-f]{64}$/);
    const users = record.resources.filter((r: { subject: string }) => r.subject === 'identity.User');
    const allowed = users.find((r: { decision: string }) => r.decision === 'allow');
    const denied = users.find((r: { decision: string }) => r.decision === 'deny');
    assert.deepEqual(allowed.fields, ['id']);
    assert.ok(allowed.rows > 0 && allowed.rows <= 5);
    assert.match(allowed.rule, /^support#0$/);
    assert.deepEqual(denied.fields, ['email']);
    assert.match(denied.rule, /^support#1$/);
  });

  it('meshgate audit verify passes on the intact chain', () => {
    const { status, output } = verifyCli(gateway.env);
    assert.equal(status, 0, output);
    assert.match(output, /intact|ok/i);
  });

  it('names the record after an edit, a deletion and a swap', async () => {
    const [a, b, c] = (await db.query("SELECT seq, actor FROM meshgate_access_log WHERE NOT actor->'roles' ? 'admin' ORDER BY seq LIMIT 3 OFFSET 100")).rows;
    await db.query("UPDATE meshgate_access_log SET actor = jsonb_set(actor, '{roles}', '[\"admin\"]') WHERE seq = $1", [b.seq]);
    const edited = verifyCli(gateway.env);
    assert.equal(edited.status, 1, edited.output);
    assert.match(edited.output, new RegExp(`edited\\) at seq ${b.seq}\\b`));
    await db.query('UPDATE meshgate_access_log SET actor = $2 WHERE seq = $1', [b.seq, b.actor]);

    const saved = (await db.query('SELECT * FROM meshgate_access_log WHERE seq = $1', [b.seq])).rows[0];
    await db.query('DELETE FROM meshgate_access_log WHERE seq = $1', [b.seq]);
    const deleted = verifyCli(gateway.env);
    assert.equal(deleted.status, 1);
    assert.match(deleted.output, new RegExp(`\\(deleted\\).*seq ${b.seq} is missing`));
    const columns = Object.keys(saved);
    await db.query(
      `INSERT INTO meshgate_access_log (${columns.join(',')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(',')})`,
      columns.map((k) => (['actor', 'variables', 'resources'].includes(k) && saved[k] !== null ? JSON.stringify(saved[k]) : saved[k])),
    );
    assert.equal(verifyCli(gateway.env).status, 0, 'restored');

    await db.query('UPDATE meshgate_access_log SET seq = -1 WHERE seq = $1', [a.seq]);
    await db.query('UPDATE meshgate_access_log SET seq = $1 WHERE seq = $2', [a.seq, c.seq]);
    await db.query('UPDATE meshgate_access_log SET seq = $1 WHERE seq = -1', [c.seq]);
    const swapped = verifyCli(gateway.env);
    assert.equal(swapped.status, 1);
    assert.match(swapped.output, new RegExp(`at seq ${a.seq}\\b`));
  });
});

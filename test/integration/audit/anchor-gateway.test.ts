/**
 * The anchor in running gateways and through the `meshgate audit` command: the embedded profile
 * signs digests with its own key; the services profile writes none without a key file (and warns),
 * and with one, digests land in S3 (versitygw), `audit verify` checks them, names record N of a
 * chain rewritten from N, and `audit archive` moves old records to the lake.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { createAuditLog, DIGEST_PREFIX, recordHash } from '../../../src/audit/index.ts';
import { SELECT_RECORD, rowToRecord } from '../../../src/audit/store.ts';
import { createS3ObjectStore } from '../../../src/sources/index.ts';
import { captureLogs } from '../../support/log-capture.ts';
import { requireEnv } from '../../support/required-env.ts';
import { repoRoot, startTestGateway, type TestGateway } from '../../support/test-gateway.ts';
import { testSigningKey } from '../../support/audit-anchor.ts';
import { sampleInput } from '../../unit/audit/fixtures.ts';

const QUERY = 'query Own { identity { users(first: 2) { nodes { id } } } }';

function cli(args: string[], env: Record<string, string>): { status: number; output: string } {
  const result = spawnSync(process.execPath, ['src/cli/main.ts', 'audit', ...args], { cwd: repoRoot, env: { ...process.env, ...env }, encoding: 'utf8' });
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

async function digestKeys(gateway: TestGateway): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of gateway.gateway.lake.sources.store.list(DIGEST_PREFIX)) keys.push(object.key);
  return keys;
}

it('the embedded profile signs a digest every MESHGATE_AUDIT_DIGEST_INTERVAL seconds with its own key', async () => {
  const gateway = await startTestGateway({ profile: 'embedded', env: { MESHGATE_AUDIT_DIGEST_INTERVAL: '1' } });
  try {
    assert.equal(gateway.gateway.auditAnchor.digestsOn, true);
    for (let i = 0; i < 3; i++) assert.equal((await gateway.query(QUERY)).status, 200);
    const deadline = Date.now() + 10_000;
    while ((await digestKeys(gateway)).length === 0 && Date.now() < deadline) await delay(200);
    assert.ok((await digestKeys(gateway)).length >= 1, 'a digest within the interval');
  } finally {
    await gateway.close();
  }
});

describe('the anchor on the services profile', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'meshgate-anchor-key-'));
  const keyFile = path.join(dir, 'audit-signing-key.pem');
  const s3Env = {
    S3_ENDPOINT: requireEnv('MESHGATE_TEST_S3_ENDPOINT'),
    S3_REGION: requireEnv('MESHGATE_TEST_S3_REGION'),
    S3_ACCESS_KEY_ID: requireEnv('MESHGATE_TEST_S3_ACCESS_KEY'),
    S3_SECRET_ACCESS_KEY: requireEnv('MESHGATE_TEST_S3_SECRET_KEY'),
    S3_BUCKET: `mg-anchor-gw-${process.pid}-${Date.now().toString(36)}`,
  };
  let gateway: TestGateway;
  let env: Record<string, string>;
  let db: pg.Client;
  before(async () => {
    writeFileSync(keyFile, testSigningKey().privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    gateway = await startTestGateway({ profile: 'services', env: { ...s3Env, MESHGATE_AUDIT_SIGNING_KEY_FILE: keyFile } });
    env = { ...gateway.env, ...s3Env, MESHGATE_AUDIT_SIGNING_KEY_FILE: keyFile, MESHGATE_DATA_DIR: 'memory://' };
    db = new pg.Client({ connectionString: gateway.env.DATABASE_URL });
    await db.connect();
  });
  after(async () => {
    await db?.end();
    await gateway?.close();
    rmSync(dir, { recursive: true, force: true });
    const { S3_ENDPOINT: endpoint, S3_REGION: region, S3_ACCESS_KEY_ID: accessKeyId, S3_SECRET_ACCESS_KEY: secretAccessKey, S3_BUCKET: bucket } = s3Env;
    const store = createS3ObjectStore({ endpoint, region, accessKeyId, secretAccessKey, bucket });
    for await (const object of store.list('')) await store.delete(object.key);
    await store.close();
  });

  it('without MESHGATE_AUDIT_SIGNING_KEY_FILE digests are off, with a warning at start', async () => {
    const logs = captureLogs();
    const plain = await startTestGateway({ profile: 'services', logger: logs.logger });
    try {
      assert.equal(plain.gateway.auditAnchor.digestsOn, false);
      assert.ok(logs.lines().some((line) => line.level === 40 && /digests are off/.test(String(line.msg))));
    } finally {
      await plain.close();
    }
  });

  it('digests land in S3; audit verify checks them; audit archive moves old records to the lake', async () => {
    const old = await createAuditLog({ db: gateway.gateway.sources.platform });
    await Promise.all(Array.from({ length: 30 }, (_, i) => old.append(sampleInput(i))));
    await old.flush();
    for (let i = 0; i < 20; i++) assert.equal((await gateway.query(QUERY)).status, 200);
    assert.ok((await gateway.gateway.auditAnchor.writeDigests()).length >= 1);
    const verified = cli(['verify'], env);
    assert.equal(verified.status, 0, verified.output);
    assert.match(verified.output, /OK: \d+ records verified.*signed digests verified, covering seq 1\.\.\d+/);

    const archived = cli(['archive', '--days', '30'], env);
    assert.equal(archived.status, 0, archived.output);
    assert.match(archived.output, /archived 30 access records older than 30 days in 1 Parquet objects/);
    assert.match(archived.output, /seq 1\.\.30 → _audit\/records\/dt=2026-01-01\/1-30\.parquet/);
    assert.equal((await db.query('SELECT min(seq)::int AS lo FROM meshgate_access_log')).rows[0].lo, 31);
    const after = cli(['verify'], env);
    assert.equal(after.status, 0, after.output);
    assert.match(after.output, /\(1 archived ranges read from the lake\)/);
  });

  it('audit verify names record N of a chain rewritten from N with a consistent head', async () => {
    assert.equal((await gateway.query(QUERY)).status, 200);
    await gateway.gateway.auditAnchor.writeDigests();
    const [{ hi }] = (await db.query('SELECT max(seq)::int AS hi FROM meshgate_access_log')).rows;
    const from = hi - 5;
    const rows = (await db.query(`${SELECT_RECORD} WHERE seq >= $1 ORDER BY seq`, [from - 1])).rows;
    let previous = rowToRecord(rows[0]);
    for (const row of rows.slice(1)) {
      const { hash: _old, ...record } = rowToRecord(row);
      if (record.seq === from) record.durationMs += 1;
      record.prevHash = previous.hash;
      const hash = recordHash(record);
      await db.query('UPDATE meshgate_access_log SET duration_ms = $2, prev_hash = $3, hash = $4 WHERE seq = $1', [
        record.seq,
        record.durationMs,
        record.prevHash,
        hash,
      ]);
      previous = { ...record, hash };
    }
    await db.query('UPDATE meshgate_access_log_head SET seq = $1, hash = $2', [previous.seq, previous.hash]);
    const result = cli(['verify'], env);
    assert.equal(result.status, 1, result.output);
    assert.match(result.output, new RegExp(`TAMPERED \\(rewritten\\) at seq ${from}: record seq ${from} `));
  });
});

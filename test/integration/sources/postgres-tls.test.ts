/**
 * PostgreSQL over TLS for real: the test server also serves TLS with a self-signed certificate for
 * 127.0.0.1 (scripts/services.d/postgres.sh). The gateway's configuration (`sslmode` in
 * DATABASE_URL, MESHGATE_DATABASE_CA_FILE) decides what node-postgres does: verify-full checks the
 * chain and the host name, verify-ca the chain only, and a certificate from another CA is refused.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { configFromEnv } from '../../../src/gateway/index.ts';
import { createPostgresPlatformDatabase, type PlatformDatabase } from '../../../src/sources/index.ts';
import { requireEnv } from '../../support/required-env.ts';
import { selfSignedCertificate, type TlsFiles } from '../../support/tls-files.ts';

const url = requireEnv('MESHGATE_TEST_DATABASE_URL');
const caFile = requireEnv('MESHGATE_TEST_DATABASE_CA_FILE');
const opened: PlatformDatabase[] = [];
let stranger: TlsFiles;

before(() => {
  assert.ok(existsSync(caFile), `${caFile} is missing: run \`bash scripts/services.sh up postgres\` once to turn TLS on`);
  stranger = selfSignedCertificate('stranger');
});
after(async () => {
  await Promise.allSettled(opened.map((db) => db.close()));
  stranger?.remove();
});

/** The platform database as the gateway builds it from these variables. */
function open(databaseUrl: string, env: Record<string, string> = {}): PlatformDatabase {
  const profile = configFromEnv({ DATABASE_URL: databaseUrl, MONGO_URL: 'mongodb://127.0.0.1:57017/', ...env }).profile;
  assert.equal(profile.kind, 'services');
  const db = createPostgresPlatformDatabase(profile.database, 2);
  opened.push(db);
  return db;
}

async function sessionTls(db: PlatformDatabase): Promise<boolean> {
  const [row] = await db.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
  return row!.ssl;
}

test('sslmode=verify-full with MESHGATE_DATABASE_CA_FILE: every connection is TLS, LISTEN included', async () => {
  const db = open(`${url}?sslmode=verify-full`, { MESHGATE_DATABASE_CA_FILE: caFile });
  assert.equal(await sessionTls(db), true);
  const heard = new Promise<string>((resolve) => {
    void db.listen('tls_probe', resolve).then(() => db.notify('tls_probe', 'over tls'));
  });
  assert.equal(await heard, 'over tls');
});

test('without sslmode or a CA file the connection stays as it was: plain', async () => {
  assert.equal(await sessionTls(open(url)), false);
});

test('a certificate from another CA is refused; the host name counts for verify-full, not for verify-ca', async () => {
  await assert.rejects(
    sessionTls(open(`${url}?sslmode=verify-full`, { MESHGATE_DATABASE_CA_FILE: stranger.certFile })),
    /self-signed certificate|unable to verify/,
  );
  const byName = url.replace('127.0.0.1', 'localhost');
  await assert.rejects(sessionTls(open(`${byName}?sslmode=verify-full`, { MESHGATE_DATABASE_CA_FILE: caFile })), /Hostname\/IP does not match|localhost/);
  assert.equal(await sessionTls(open(`${byName}?sslmode=verify-ca`, { MESHGATE_DATABASE_CA_FILE: caFile })), true);
});

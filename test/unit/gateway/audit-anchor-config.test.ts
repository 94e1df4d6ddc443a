import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../../src/common/index.ts';
import { configFromEnv, signingKeyFor, verifyKeyFor } from '../../../src/gateway/index.ts';

test('the anchor settings: a digest a minute, retention off, keys from files', () => {
  const config = configFromEnv({ MESHGATE_DATA_DIR: 'memory://' }, '/srv');
  assert.deepEqual(config.auditAnchor, { signingKeyFile: undefined, verifyKeyFile: undefined, digestIntervalSeconds: 60, retentionDays: undefined });
  const set = configFromEnv({ MESHGATE_AUDIT_SIGNING_KEY_FILE: 'k.pem', MESHGATE_AUDIT_DIGEST_INTERVAL: '5', MESHGATE_AUDIT_RETENTION_DAYS: '90' }, '/srv');
  assert.deepEqual(set.auditAnchor, { signingKeyFile: '/srv/k.pem', verifyKeyFile: undefined, digestIntervalSeconds: 5, retentionDays: 90 });
});

test('bad anchor values stop start-up naming the variable and what is allowed', () => {
  for (const [name, value] of [
    ['MESHGATE_AUDIT_DIGEST_INTERVAL', '0'],
    ['MESHGATE_AUDIT_DIGEST_INTERVAL', 'soon'],
    ['MESHGATE_AUDIT_RETENTION_DAYS', '-1'],
    ['MESHGATE_AUDIT_RETENTION_DAYS', '1.5'],
  ]) {
    assert.throws(
      () => configFromEnv({ [name]: value }),
      (error: unknown) => error instanceof ConfigError && error.variable === name && /must be an integer from 1 to/.test(error.message),
    );
  }
});

test('the embedded profile generates its signing key once, mode 0600; verify never creates one', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'meshgate-key-'));
  try {
    const config = configFromEnv({ MESHGATE_DATA_DIR: dir });
    assert.ok('missing' in verifyKeyFor(config), 'no key yet: nothing to verify with');
    const key = signingKeyFor(config);
    assert.equal(statSync(path.join(dir, 'audit-signing-key.pem')).mode & 0o777, 0o600);
    assert.equal(signingKeyFor(config)?.keyId, key?.keyId, 'the same key at the next start');
    const publicKey = verifyKeyFor(config);
    assert.ok(!('missing' in publicKey) && publicKey.equals(key?.publicKey as never));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a signing key that is not Ed25519, or not a key, is refused naming the variable', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'meshgate-key-'));
  try {
    const rsa = path.join(dir, 'rsa.pem');
    writeFileSync(rsa, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const junk = path.join(dir, 'junk.pem');
    writeFileSync(junk, 'not a key');
    for (const [file, pattern] of [
      [rsa, /holds a rsa key; an Ed25519 key is needed/],
      [junk, /is not a PEM key/],
      [path.join(dir, 'absent.pem'), /cannot read/],
    ] as const) {
      const config = configFromEnv({ DATABASE_URL: 'postgres://x', MONGO_URL: 'mongodb://x', MESHGATE_AUDIT_SIGNING_KEY_FILE: file });
      assert.throws(
        () => signingKeyFor(config),
        (error: unknown) => error instanceof ConfigError && error.variable === 'MESHGATE_AUDIT_SIGNING_KEY_FILE' && pattern.test(error.message),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

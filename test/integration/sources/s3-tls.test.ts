/**
 * S3 over TLS for real: a second, throwaway versitygw serving HTTPS with a self-signed certificate
 * made for the test (posix backend on a temporary directory), reached through the gateway's own
 * configuration (`S3_ENDPOINT=https://…`, `S3_CA_FILE`) and the lake's store construction. Without
 * the CA the same store cannot connect: the certificate is really verified.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import path from 'node:path';
import { connect } from 'node:tls';
import { configFromEnv, openAuditStore } from '../../../src/gateway/index.ts';
import { selfSignedCertificate, type TlsFiles } from '../../support/tls-files.ts';

const VERSITYGW = path.join(homedir(), '.cache/meshgate/bin/versitygw');
const KEYS = { access: 'tls-test', secret: 'tls-test-secret' };

let tls: TlsFiles;
let gateway: ChildProcess | undefined;
let endpoint: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Resolves once a TLS handshake with the certificate trusted succeeds. */
async function untilServing(port: number, ca: string, deadlineMs = 10_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port, ca }, () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline || gateway?.exitCode !== null) throw new Error(`versitygw over TLS did not start on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

before(async () => {
  assert.ok(existsSync(VERSITYGW), `${VERSITYGW} is missing: run \`bash scripts/services.sh up s3\` once to build it`);
  tls = selfSignedCertificate();
  const data = path.join(tls.dir, 'data');
  const sidecar = path.join(tls.dir, 'sidecar');
  mkdirSync(data);
  mkdirSync(sidecar);
  const port = await freePort();
  gateway = spawn(VERSITYGW, ['--port', `127.0.0.1:${port}`, '--cert', tls.certFile, '--key', tls.keyFile, 'posix', '--sidecar', sidecar, data], {
    env: { ...process.env, ROOT_ACCESS_KEY: KEYS.access, ROOT_SECRET_KEY: KEYS.secret },
    stdio: 'ignore',
  });
  endpoint = `https://127.0.0.1:${port}`;
  await untilServing(port, tls.cert);
});

after(async () => {
  if (gateway && gateway.exitCode === null) {
    const exited = new Promise((resolve) => gateway!.once('exit', resolve));
    gateway.kill('SIGTERM');
    await exited;
  }
  tls?.remove();
});

function storeConfig(env: Record<string, string>) {
  return configFromEnv({ S3_ENDPOINT: endpoint, S3_BUCKET: 'tls-lake', S3_ACCESS_KEY_ID: KEYS.access, S3_SECRET_ACCESS_KEY: KEYS.secret, ...env }).lake.store;
}

test('the lake store reaches an https endpoint whose certificate chains to S3_CA_FILE', async () => {
  const { store, close } = await openAuditStore(storeConfig({ S3_CA_FILE: tls.certFile }));
  try {
    await store.ensureBucket();
    await store.put('tls/object', Buffer.from('over tls'));
    assert.equal((await store.get('tls/object'))?.toString('utf8'), 'over tls');
    const keys: string[] = [];
    for await (const object of store.list('tls/')) keys.push(object.key);
    assert.deepEqual(keys, ['tls/object']);
  } finally {
    await close();
  }
});

test('without S3_CA_FILE the self-signed certificate is refused', async () => {
  const { store, close } = await openAuditStore(storeConfig({}));
  try {
    await assert.rejects(store.get('tls/object'), (error: Error) => {
      const causes = [error.message, String((error as { cause?: Error }).cause?.message ?? '')].join(' ');
      assert.match(causes, /self-signed certificate/);
      return true;
    });
  } finally {
    await close();
  }
});

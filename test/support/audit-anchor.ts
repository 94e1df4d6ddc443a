/**
 * A platform database and an object store for the anchor tests, per profile: PGlite in memory and
 * s3rver in a temporary directory (embedded), or a database of its own on the test PostgreSQL and a
 * bucket of its own on versitygw (services), so runs never see each other's digests.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { keyIdOf } from '../../src/audit/anchor/signing-key.ts';
import { runAuditVerify, type SigningKey, type VerifyAnchor } from '../../src/audit/index.ts';
import { createPostgresPlatformDatabase, createS3ObjectStore, startEmbeddedS3, type ObjectStore, type PlatformDatabase } from '../../src/sources/index.ts';
import { embeddedDatabase } from '../unit/audit/fixtures.ts';
import { createTestDatabase } from './postgres-database.ts';
import { requireEnv } from './required-env.ts';

export type AnchorProfile = 'embedded' | 'services';

export interface AnchorFixture {
  db: PlatformDatabase;
  store: ObjectStore;
  key: SigningKey;
  close(): Promise<void>;
}

export function testSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

export async function openAnchorFixture(profile: AnchorProfile): Promise<AnchorFixture> {
  return profile === 'embedded' ? embeddedFixture() : servicesFixture();
}

async function embeddedFixture(): Promise<AnchorFixture> {
  const database = await embeddedDatabase();
  const dir = await mkdtemp(path.join(tmpdir(), 'meshgate-anchor-'));
  const s3 = await startEmbeddedS3({ dir });
  const store = createS3ObjectStore({ ...s3, bucket: 'anchor-test' });
  await store.ensureBucket();
  return {
    db: database.db,
    store,
    key: testSigningKey(),
    async close() {
      await store.close();
      await s3.close();
      await database.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function servicesFixture(): Promise<AnchorFixture> {
  const database = await createTestDatabase('mg_anchor');
  const db = createPostgresPlatformDatabase(database.url);
  const store = createS3ObjectStore({
    endpoint: requireEnv('MESHGATE_TEST_S3_ENDPOINT'),
    region: requireEnv('MESHGATE_TEST_S3_REGION'),
    accessKeyId: requireEnv('MESHGATE_TEST_S3_ACCESS_KEY'),
    secretAccessKey: requireEnv('MESHGATE_TEST_S3_SECRET_KEY'),
    bucket: `mg-anchor-${process.pid}-${Date.now().toString(36)}`,
  });
  await store.ensureBucket();
  return {
    db,
    store,
    key: testSigningKey(),
    async close() {
      for await (const object of store.list('')) await store.delete(object.key);
      await store.close();
      await db.close();
      await database.drop();
    },
  };
}

/** Runs `meshgate audit verify`'s function and returns its exit code and output. */
export async function verifyWith(db: PlatformDatabase, anchor?: VerifyAnchor): Promise<{ code: number; text: string }> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk) => (text += chunk));
  const code = await runAuditVerify(db, out, anchor);
  return { code, text };
}

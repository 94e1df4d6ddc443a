/**
 * The access log's anchor for a configuration: which key signs digests (a file, the embedded
 * profile's own, or none: the services profile without a key file writes no digests and warns),
 * which key `audit verify` checks them with, and the object store they go to (the lake's).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  embeddedSigningKey,
  loadSigningKey,
  loadVerifyKey,
  startAuditAnchor,
  type AuditAnchor,
  type AuditLog,
  type SigningKey,
  type VerifyAnchor,
} from '../audit/index.ts';
import type { Logger } from '../observability/index.ts';
import { createS3ObjectStore, startEmbeddedS3, type ObjectStore, type PlatformDatabase } from '../sources/index.ts';
import type { GatewayConfig, LakeConfig } from './config.ts';

export function signingKeyFor(config: GatewayConfig, logger?: Logger): SigningKey | undefined {
  const { signingKeyFile } = config.auditAnchor;
  if (signingKeyFile) return loadSigningKey(signingKeyFile, 'MESHGATE_AUDIT_SIGNING_KEY_FILE');
  if (config.profile.kind === 'embedded') return embeddedSigningKey(config.profile.dataDir) ?? undefined;
  logger?.warn(
    'access log: digests are off (set MESHGATE_AUDIT_SIGNING_KEY_FILE to sign them); a rewrite of the whole chain from a record on stays undetectable',
  );
  return undefined;
}

/** The public key for `audit verify`; never creates a key. */
export function verifyKeyFor(config: GatewayConfig): VerifyAnchor['verifyKey'] {
  const { verifyKeyFile, signingKeyFile } = config.auditAnchor;
  if (verifyKeyFile) return loadVerifyKey(verifyKeyFile, 'MESHGATE_AUDIT_VERIFY_KEY_FILE');
  if (signingKeyFile) return loadSigningKey(signingKeyFile, 'MESHGATE_AUDIT_SIGNING_KEY_FILE').publicKey;
  if (config.profile.kind === 'embedded') {
    const key = embeddedSigningKey(config.profile.dataDir, false);
    if (key) return key.publicKey;
  }
  return { missing: 'no verify key (set MESHGATE_AUDIT_VERIFY_KEY_FILE or MESHGATE_AUDIT_SIGNING_KEY_FILE)' };
}

export function startGatewayAuditAnchor(config: GatewayConfig, db: PlatformDatabase, store: ObjectStore, auditLog: AuditLog, logger: Logger): AuditAnchor {
  return startAuditAnchor({
    db,
    store,
    signingKey: signingKeyFor(config, logger),
    digestIntervalMs: config.auditAnchor.digestIntervalSeconds * 1000,
    retentionDays: config.auditAnchor.retentionDays,
    flush: () => auditLog.flush(),
    logger,
  });
}

/** The lake's object store alone (the CLI's audit commands need no broker). */
export async function openAuditStore(config: LakeConfig['store']): Promise<{ store: ObjectStore; close(): Promise<void> }> {
  if (config.kind === 's3') {
    const { kind: _kind, ...options } = config;
    const store = createS3ObjectStore(options);
    return { store, close: () => store.close() };
  }
  const dir = config.dir.startsWith('memory://') ? mkdtempSync(path.join(tmpdir(), 'meshgate-lake-')) : config.dir;
  const s3 = await startEmbeddedS3({ dir });
  const store = createS3ObjectStore({ ...s3, bucket: config.bucket });
  await store.ensureBucket();
  return {
    store,
    async close() {
      await store.close();
      await s3.close();
    },
  };
}

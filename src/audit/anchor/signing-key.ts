/**
 * The Ed25519 keys of the digests. The private key lives outside the database (a PEM file, PKCS#8),
 * so someone who can rewrite the access log tables cannot sign a digest for the rewritten chain.
 * The embedded profile generates one at first start in its data directory (mode 0600), as it does
 * its development JWT secret; an in-memory data directory gets a key for the process's lifetime.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../../common/index.ts';

export const SIGNING_KEY_FILE = 'audit-signing-key.pem';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The first 16 hex digits of the SHA-256 of the public key (SPKI DER): names the key in each digest. */
  keyId: string;
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/** Reads a PKCS#8 PEM Ed25519 private key; `variable` names where the path came from in errors. */
export function loadSigningKey(file: string, variable: string): SigningKey {
  const privateKey = readKey(file, variable, (pem) => createPrivateKey(pem));
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new ConfigError(variable, `${file} holds a ${privateKey.asymmetricKeyType} key; an Ed25519 key is needed`);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/** A public key (SPKI PEM) or a private key file to derive it from. */
export function loadVerifyKey(file: string, variable: string): KeyObject {
  const publicKey = readKey(file, variable, (pem) => createPublicKey(pem));
  if (publicKey.asymmetricKeyType !== 'ed25519')
    throw new ConfigError(variable, `${file} holds a ${publicKey.asymmetricKeyType} key; an Ed25519 key is needed`);
  return publicKey;
}

/** The embedded profile's key, generated (mode 0600) on first use when `create`; null when absent and not created. */
export function embeddedSigningKey(dataDir: string, create = true): SigningKey | null {
  if (dataDir.startsWith('memory://')) return memoryKey;
  const file = path.join(dataDir, SIGNING_KEY_FILE);
  if (!existsSync(file)) {
    if (!create) return null;
    mkdirSync(dataDir, { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  }
  return loadSigningKey(file, 'MESHGATE_DATA_DIR');
}

const memoryKey: SigningKey = (() => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
})();

function readKey(file: string, variable: string, parse: (pem: string) => KeyObject): KeyObject {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(variable, `cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return parse(pem);
  } catch (error) {
    throw new ConfigError(variable, `${file} is not a PEM key: ${(error as Error).message}`);
  }
}

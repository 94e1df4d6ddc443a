/**
 * The signed digest (modelled on CloudTrail's log-file integrity validation): kept in the object
 * store, apart from the database, each one signs the chain's head at the time it was written and
 * names its predecessor, so the digests form a chain of their own.
 *
 * - `headSeq`/`headHash`: the last record of the access log when the digest was written.
 * - `firstSeq..headSeq`: the records new since the previous digest (`previous.headSeq + 1`).
 * - `hashPrefixes`: base64 of the first 8 bytes of each of those records' hashes, in seq order. The
 *   full `headHash` is what detects a rewrite (every hash after a changed record changes with it);
 *   the prefixes only let verification name the first record that no longer matches.
 * - `previousKey`/`previousSignatureHash`: the predecessor's object key and the SHA-256 (hex) of its
 *   signature; both null for the first digest.
 * - `signature`: Ed25519 (base64) over the canonical JSON of every other member.
 */
import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../canonical-json.ts';

export const DIGEST_PREFIX = '_audit/digests/';
export const DIGEST_VERSION = 1;
/** Bytes of each record hash a digest keeps to locate a rewrite. */
export const HASH_PREFIX_BYTES = 8;

export interface UnsignedDigest {
  version: number;
  time: string;
  keyId: string;
  firstSeq: number;
  headSeq: number;
  headHash: string;
  hashPrefixes: string;
  previousKey: string | null;
  previousSignatureHash: string | null;
}

export interface Digest extends UnsignedDigest {
  signature: string;
}

export function signDigest(unsigned: UnsignedDigest, privateKey: KeyObject): Digest {
  const signature = sign(null, Buffer.from(canonicalJson(unsigned)), privateKey).toString('base64');
  return { ...unsigned, signature };
}

export function digestSignatureValid(digest: Digest, publicKey: KeyObject): boolean {
  const { signature, ...unsigned } = digest;
  try {
    return verify(null, Buffer.from(canonicalJson(unsigned)), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

export function signatureHash(digest: Digest): string {
  return createHash('sha256').update(digest.signature).digest('hex');
}

/** `_audit/digests/<yyyy>/<mm>/<dd>/<headSeq, 16 digits>-<yyyymmddThhmmssZ>.json`: ascending key order is digest order. */
export function digestKey(headSeq: number, time: Date): string {
  const iso = time.toISOString();
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return `${DIGEST_PREFIX}${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/${String(headSeq).padStart(16, '0')}-${stamp}.json`;
}

export function packHashPrefixes(hashes: readonly string[]): string {
  return Buffer.concat(hashes.map((hash) => Buffer.from(hash.slice(0, HASH_PREFIX_BYTES * 2), 'hex'))).toString('base64');
}

export function unpackHashPrefixes(packed: string): string[] {
  const bytes = Buffer.from(packed, 'base64');
  const prefixes: string[] = [];
  for (let at = 0; at + HASH_PREFIX_BYTES <= bytes.length; at += HASH_PREFIX_BYTES) {
    prefixes.push(bytes.subarray(at, at + HASH_PREFIX_BYTES).toString('hex'));
  }
  return prefixes;
}

/** A digest read back from the store, or why it is not one. */
export function parseDigest(body: Buffer): Digest | string {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return 'it is not JSON';
  }
  const d = value as Partial<Digest>;
  const strings = ['time', 'keyId', 'headHash', 'hashPrefixes', 'signature'] as const;
  if (typeof value !== 'object' || value === null || d.version !== DIGEST_VERSION) return `its version is not ${DIGEST_VERSION}`;
  if (!Number.isInteger(d.firstSeq) || !Number.isInteger(d.headSeq)) return 'firstSeq or headSeq is not an integer';
  for (const name of strings) if (typeof d[name] !== 'string') return `${name} is not a string`;
  if (d.previousKey !== null && typeof d.previousKey !== 'string') return 'previousKey is neither null nor a string';
  if (d.previousSignatureHash !== null && typeof d.previousSignatureHash !== 'string') return 'previousSignatureHash is neither null nor a string';
  return d as Digest;
}

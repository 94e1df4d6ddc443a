/**
 * Verifying the digests: each one's signature (with the public key only), the digest chain (each
 * names the one before it by key and signature hash and starts where it ended), and then, during
 * the walk of the records, that every record still has the hash the digests signed. A chain
 * rewritten from record N onwards with a consistent head passes the hash-chain checks but not this
 * one: the first record whose hash differs from the signed one is N.
 */
import type { KeyObject } from 'node:crypto';
import type { ObjectStore } from '../../sources/index.ts';
import type { AccessRecord } from '../types.ts';
import { DIGEST_PREFIX, HASH_PREFIX_BYTES, digestSignatureValid, parseDigest, signatureHash, type Digest } from './digest.ts';
import { keyIdOf } from './signing-key.ts';

export type DigestProblem = 'digest-forged' | 'digest-missing';

export interface DigestFinding {
  problem: DigestProblem;
  key: string;
  message: string;
}

interface StoredDigest {
  key: string;
  digest: Digest;
  prefixes: Buffer;
}

/** Checks the records of a walk against the digests, in seq order. */
export interface DigestCursor {
  readonly digests: number;
  /** The last seq a digest signed (0 when none). */
  readonly signedUpTo: number;
  /** The key of the digest that signed `signedUpTo` (null when none). */
  readonly lastKey: string | null;
  /** Null when `record` matches what was signed (or no digest covers it), else why not. */
  check(record: AccessRecord): string | null;
}

/** Reads and checks every digest in the store; a forged, unreadable or missing one is a finding. */
export async function loadDigests(store: ObjectStore, publicKey: KeyObject): Promise<DigestCursor | DigestFinding> {
  const keys: string[] = [];
  for await (const object of store.list(DIGEST_PREFIX)) keys.push(object.key);
  const digests: StoredDigest[] = [];
  for (const key of keys) {
    const body = await store.get(key);
    const digest = body === null ? 'it vanished while being read' : parseDigest(body);
    if (typeof digest === 'string') return forged(key, `is not a digest: ${digest}`);
    if (!digestSignatureValid(digest, publicKey)) {
      const signer = digest.keyId === keyIdOf(publicKey) ? '' : ` (it names key ${digest.keyId}, the verify key is ${keyIdOf(publicKey)})`;
      return forged(key, `has a signature that does not verify${signer}: it was forged or altered`);
    }
    digests.push({ key, digest, prefixes: Buffer.from(digest.hashPrefixes, 'base64') });
  }
  digests.sort((a, b) => a.digest.headSeq - b.digest.headSeq);
  return checkDigestChain(digests, new Set(keys)) ?? cursorOver(digests);
}

function checkDigestChain(digests: StoredDigest[], present: Set<string>): DigestFinding | null {
  let previous: StoredDigest | null = null;
  for (const current of digests) {
    const { previousKey, previousSignatureHash, firstSeq } = current.digest;
    if (previousKey !== null && previousKey !== previous?.key) {
      if (!present.has(previousKey))
        return { problem: 'digest-missing', key: previousKey, message: `digest ${previousKey} is missing: ${current.key} names it as its predecessor` };
      return forged(current.key, `names ${previousKey} as its predecessor, but ${previous?.key ?? 'no digest'} comes before it`);
    }
    if (previousKey === null && previous !== null) return forged(current.key, `claims to be the first digest, but ${previous.key} comes before it`);
    if (previous !== null && previousSignatureHash !== signatureHash(previous.digest)) {
      return forged(current.key, `does not match the signature of its predecessor ${previous.key}`);
    }
    const expectedFirst = (previous?.digest.headSeq ?? 0) + 1;
    if (firstSeq !== expectedFirst || current.prefixes.length !== (current.digest.headSeq - firstSeq + 1) * HASH_PREFIX_BYTES) {
      return forged(current.key, `covers seq ${firstSeq}..${current.digest.headSeq}, but its range should start at seq ${expectedFirst}`);
    }
    previous = current;
  }
  return null;
}

function cursorOver(digests: StoredDigest[]): DigestCursor {
  let index = 0;
  return {
    digests: digests.length,
    signedUpTo: digests.at(-1)?.digest.headSeq ?? 0,
    lastKey: digests.at(-1)?.key ?? null,
    check(record) {
      while (index < digests.length && digests[index].digest.headSeq < record.seq) index += 1;
      const current = digests[index];
      if (!current || record.seq < current.digest.firstSeq) return null;
      const at = (record.seq - current.digest.firstSeq) * HASH_PREFIX_BYTES;
      const signed = current.prefixes.subarray(at, at + HASH_PREFIX_BYTES).toString('hex');
      const full = record.seq === current.digest.headSeq ? current.digest.headHash : null;
      if (record.hash.startsWith(signed) && (full === null || full === record.hash)) return null;
      return `its hash is not the one the signed digest ${current.key} holds for it: the chain was rewritten from this record on`;
    },
  };
}

function forged(key: string, detail: string): DigestFinding {
  return { problem: 'digest-forged', key, message: `digest ${key} ${detail}` };
}

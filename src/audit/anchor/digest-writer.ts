/**
 * Writing digests. Any gateway of a deployment may write one: the writer takes a transaction-scoped
 * advisory lock, reads the pointer to the last digest, signs the records new since then and puts
 * the object, then moves the pointer, all before the lock is released. So digests are written one at
 * a time and each names the one before it, whichever gateway wrote either. A gateway that finds
 * nothing new writes nothing.
 */
import type { Logger } from '../../observability/index.ts';
import type { ObjectStore, SqlQueryable, PlatformDatabase } from '../../sources/index.ts';
import { LOG_TABLE, readHead } from '../store.ts';
import { DIGEST_PREFIX, DIGEST_VERSION, digestKey, packHashPrefixes, parseDigest, signDigest, signatureHash, type Digest } from './digest.ts';
import { DIGEST_HEAD_TABLE, DIGEST_LOCK, ensureAnchorSchema } from './schema.ts';
import type { SigningKey } from './signing-key.ts';

/** Records one digest covers at most; a longer backlog is signed in several digests. */
export const MAX_DIGEST_RECORDS = 100_000;
const MISSING_HASH = '0'.repeat(64);

interface Pointer {
  key: string | null;
  signatureHash: string | null;
  headSeq: number;
}

export interface DigestWriterOptions {
  db: PlatformDatabase;
  store: ObjectStore;
  key: SigningKey;
  logger?: Logger;
}

/** Writes digests until the chain's head is covered; returns the keys written. */
export async function writeDigests(options: DigestWriterOptions, now: () => Date = () => new Date()): Promise<string[]> {
  await ensureAnchorSchema(options.db);
  const written: string[] = [];
  for (;;) {
    const key = await options.db.transaction((tx) => writeOneDigest(tx, options, now()));
    if (key === null) return written;
    written.push(key);
  }
}

async function writeOneDigest(tx: SqlQueryable, options: DigestWriterOptions, time: Date): Promise<string | null> {
  await tx.query(`SELECT ${DIGEST_LOCK}`);
  const pointer = await readPointer(tx, options.store);
  const head = await readHead(tx);
  if (head.seq <= pointer.headSeq) return null;
  const lastSeq = Math.min(head.seq, pointer.headSeq + MAX_DIGEST_RECORDS);
  const rows = await tx.query(`SELECT seq, hash FROM ${LOG_TABLE} WHERE seq > $1 AND seq <= $2 ORDER BY seq`, [pointer.headSeq, lastSeq]);
  const hashes = new Array<string>(lastSeq - pointer.headSeq).fill(MISSING_HASH);
  for (const row of rows) hashes[Number(row.seq) - pointer.headSeq - 1] = String(row.hash);
  const digest = signDigest(
    {
      version: DIGEST_VERSION,
      time: time.toISOString(),
      keyId: options.key.keyId,
      firstSeq: pointer.headSeq + 1,
      headSeq: lastSeq,
      headHash: lastSeq === head.seq ? head.hash : hashes[hashes.length - 1],
      hashPrefixes: packHashPrefixes(hashes),
      previousKey: pointer.key,
      previousSignatureHash: pointer.signatureHash,
    },
    options.key.privateKey,
  );
  const key = digestKey(lastSeq, time);
  await options.store.put(key, Buffer.from(JSON.stringify(digest)), { contentType: 'application/json' });
  await writePointer(tx, key, digest);
  options.logger?.info({ key, firstSeq: digest.firstSeq, headSeq: digest.headSeq }, 'access log: digest written');
  return key;
}

/** The pointer row, or (first digest of this database) the last digest in the store, or none. */
async function readPointer(tx: SqlQueryable, store: ObjectStore): Promise<Pointer> {
  const rows = await tx.query(`SELECT key, signature_hash, head_seq FROM ${DIGEST_HEAD_TABLE} WHERE id = 1`);
  if (rows.length > 0) return { key: String(rows[0].key), signatureHash: String(rows[0].signature_hash), headSeq: Number(rows[0].head_seq) };
  let lastKey: string | null = null;
  for await (const object of store.list(DIGEST_PREFIX)) lastKey = object.key;
  if (lastKey === null) return { key: null, signatureHash: null, headSeq: 0 };
  const body = await store.get(lastKey);
  const digest = body ? parseDigest(body) : 'it is missing';
  if (typeof digest === 'string') throw new Error(`the last digest ${lastKey} cannot be read: ${digest}`);
  return { key: lastKey, signatureHash: signatureHash(digest), headSeq: digest.headSeq };
}

async function writePointer(tx: SqlQueryable, key: string, digest: Digest): Promise<void> {
  await tx.query(
    `INSERT INTO ${DIGEST_HEAD_TABLE} (id, key, signature_hash, head_seq) VALUES (1, $1, $2, $3)
     ON CONFLICT (id) DO UPDATE SET key = EXCLUDED.key, signature_hash = EXCLUDED.signature_hash, head_seq = EXCLUDED.head_seq`,
    [key, signatureHash(digest), digest.headSeq],
  );
}

/** The digest head seq the pointer names (0 when none): archiving stops there, so no record leaves the table unsigned. */
export async function anchoredSeq(db: SqlQueryable): Promise<number> {
  const rows = await db.query(`SELECT head_seq FROM ${DIGEST_HEAD_TABLE} WHERE id = 1`);
  return rows.length > 0 ? Number(rows[0].head_seq) : 0;
}

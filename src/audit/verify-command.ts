/** `meshgate audit verify`: walks the chain with a progress bar; exit 0 intact, 1 tampered, 2 could not check. */
import type { KeyObject } from 'node:crypto';
import cliProgress from 'cli-progress';
import type { ObjectStore, PlatformDatabase } from '../sources/index.ts';
import { loadDigests, type DigestCursor } from './anchor/digest-check.ts';
import { LOG_TABLE, schemaExists } from './store.ts';
import type { DigestCoverage, VerifyResult } from './types.ts';
import { formatVerifyResult, verifyChain } from './verify.ts';

/** Beyond the table: the store (digests, archived ranges) and the digests' public key, or why there is none. */
export interface VerifyAnchor {
  store?: ObjectStore;
  verifyKey: KeyObject | { missing: string };
  /** How often digests are written (`MESHGATE_AUDIT_DIGEST_INTERVAL`): a record older than two intervals (plus a grace) must be signed. */
  digestIntervalMs?: number;
}

/** Slack on top of two digest intervals before an unsigned record counts as a sign of deleted digests. */
const UNSIGNED_GRACE_MS = 300_000;

export async function runAuditVerify(db: PlatformDatabase, out: NodeJS.WritableStream, anchor?: VerifyAnchor): Promise<number> {
  const isTTY = Boolean((out as { isTTY?: boolean }).isTTY);
  const bar = new cliProgress.SingleBar(
    { format: 'verifying [{bar}] {percentage}% | {value}/{total} records', stream: out, hideCursor: isTTY },
    cliProgress.Presets.shades_classic,
  );
  try {
    if (!(await schemaExists(db))) {
      out.write('access log tables are missing: nothing to verify, or they were dropped\n');
      return 2;
    }
    const digests = await digestsOf(anchor);
    if (digests && 'problem' in digests)
      return report(out, { ok: false, checked: 0, problem: digests.problem, seq: 0, message: digests.message, digest: digests.key });
    let started = false;
    const result = await verifyChain(db, {
      store: anchor?.store,
      digests,
      onProgress(checked, total) {
        if (!started) bar.start(total, checked);
        started = true;
        bar.update(checked);
      },
    });
    bar.stop();
    if (!result.ok) return report(out, result);
    const unsigned = digests ? await unsignedTail(db, digests, anchor?.digestIntervalMs) : null;
    return report(out, unsigned ?? { ...result, digests: coverage(anchor, digests) });
  } catch (error) {
    bar.stop();
    out.write(`access log could not be verified: ${(error as Error).message}\n`);
    return 2;
  }
}

async function digestsOf(anchor: VerifyAnchor | undefined) {
  if (!anchor?.store || 'missing' in anchor.verifyKey) return undefined;
  return loadDigests(anchor.store, anchor.verifyKey);
}

function coverage(anchor: VerifyAnchor | undefined, digests: DigestCursor | undefined): DigestCoverage | undefined {
  if (anchor === undefined) return undefined;
  if (digests) return { checked: true, digests: digests.digests, signedUpTo: digests.signedUpTo };
  return { checked: false, reason: 'missing' in anchor.verifyKey ? anchor.verifyKey.missing : 'no object store' };
}

/**
 * Digests deleted from the end of the digest chain leave no broken link, only records no digest
 * signs. Every record is signed within an interval of being written while a gateway runs (and at
 * its shutdown), so one older than two intervals and a grace that is still unsigned is reported.
 */
async function unsignedTail(db: PlatformDatabase, digests: DigestCursor, intervalMs: number | undefined): Promise<VerifyResult | null> {
  if (intervalMs === undefined) return null;
  const rows = await db.query(`SELECT seq, time FROM ${LOG_TABLE} WHERE seq > $1 ORDER BY seq LIMIT 1`, [digests.signedUpTo]);
  if (rows.length === 0) return null;
  const time = rows[0].time instanceof Date ? rows[0].time : new Date(String(rows[0].time));
  if (time.getTime() >= Date.now() - 2 * intervalMs - UNSIGNED_GRACE_MS) return null;
  const last = digests.lastKey ?? 'none';
  const message = `records from seq ${Number(rows[0].seq)} (${time.toISOString()}) on are signed by no digest although digests are written every ${intervalMs / 1000} s: digests after ${last} are missing (deleted), or no gateway has run since those records were written`;
  return { ok: false, checked: 0, problem: 'digest-missing', seq: Number(rows[0].seq), message, digest: last };
}

function report(out: NodeJS.WritableStream, result: VerifyResult): number {
  out.write(`${formatVerifyResult(result)}\n`);
  return result.ok ? 0 : 1;
}

/** `meshgate audit verify`: walks the chain with a progress bar; exit 0 intact, 1 tampered, 2 could not check. */
import type { KeyObject } from 'node:crypto';
import cliProgress from 'cli-progress';
import type { ObjectStore, PlatformDatabase } from '../sources/index.ts';
import { loadDigests, type DigestCursor } from './anchor/digest-check.ts';
import { schemaExists } from './store.ts';
import type { DigestCoverage, VerifyResult } from './types.ts';
import { formatVerifyResult, verifyChain } from './verify.ts';

/** Beyond the table: the store (digests, archived ranges) and the digests' public key, or why there is none. */
export interface VerifyAnchor {
  store?: ObjectStore;
  verifyKey: KeyObject | { missing: string };
}

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
    return report(out, result.ok ? { ...result, digests: coverage(anchor, digests) } : result);
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

function report(out: NodeJS.WritableStream, result: VerifyResult): number {
  out.write(`${formatVerifyResult(result)}\n`);
  return result.ok ? 0 : 1;
}

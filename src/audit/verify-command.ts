/** `meshgate audit verify`: walks the chain with a progress bar; exit 0 intact, 1 tampered, 2 could not check. */
import cliProgress from 'cli-progress';
import type { PlatformDatabase } from '../sources/index.ts';
import { schemaExists } from './store.ts';
import { formatVerifyResult, verifyChain } from './verify.ts';

export async function runAuditVerify(db: PlatformDatabase, out: NodeJS.WritableStream): Promise<number> {
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
    let started = false;
    const result = await verifyChain(db, {
      onProgress(checked, total) {
        if (!started) bar.start(total, checked);
        started = true;
        bar.update(checked);
      },
    });
    bar.stop();
    out.write(`${formatVerifyResult(result)}\n`);
    return result.ok ? 0 : 1;
  } catch (error) {
    bar.stop();
    out.write(`access log could not be verified: ${(error as Error).message}\n`);
    return 2;
  }
}

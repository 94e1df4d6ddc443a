/**
 * One retention run: for each dataset that declares `retentionDays`, remove
 * the Parquet objects whose whole event-time range is older than
 * `now - retentionDays` (the object first, then its catalog row, with a
 * removal row in the same transaction), then expire the ingestion claims
 * older than `dedupDays`. A dry run computes the same report and changes
 * nothing.
 */
import type { DatasetRuntime } from '../datasets/index.ts';
import { countExpiredClaims, expireClaims } from './claims-expiry.ts';
import { deleteCatalogRow, expiredTotals, lockExpiredFiles } from './expired-files.ts';
import { ensureRemovalsTable, recordRemoval } from './removals.ts';
import type { DatasetRetention, RetentionOptions, RetentionReport } from './types.ts';

const DAY_MS = 86_400_000;

export async function runLakeRetention(options: RetentionOptions): Promise<RetentionReport> {
  const now = options.now ?? new Date();
  const dryRun = options.dryRun ?? false;
  if (!dryRun) await ensureRemovalsTable(options.db);
  const planned = await planDatasets(options, now);
  options.progress?.start(planned.reduce((sum, d) => sum + d.files, 0));
  try {
    if (dryRun) for (const plan of planned) for (let i = 0; i < plan.files; i++) options.progress?.advance(plan.dataset);
    const datasets = dryRun ? planned : await removeAll(options, planned);
    const claimsCutoff = new Date(now.getTime() - options.dedupDays * DAY_MS);
    const claimsExpired = dryRun
      ? await countExpiredClaims(options.db, claimsCutoff)
      : await expireClaims(options.db, claimsCutoff, options.claimBatch ?? 5_000);
    if (!dryRun) options.metrics?.claimsExpired.inc(claimsExpired);
    const report: RetentionReport = { dryRun, datasets, claimsCutoff, claimsExpired };
    logReport(options, report);
    return report;
  } finally {
    options.progress?.stop();
  }
}

async function planDatasets(options: RetentionOptions, now: Date): Promise<DatasetRetention[]> {
  const plans: DatasetRetention[] = [];
  for (const runtime of options.datasets) {
    const retentionDays = runtime.descriptor.retentionDays;
    if (retentionDays === undefined) continue;
    const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
    const totals = await expiredTotals(options.db, runtime.domain, runtime.name, cutoff);
    plans.push({ dataset: runtime.qualifiedName, retentionDays, cutoff, ...totals });
  }
  return plans;
}

async function removeAll(options: RetentionOptions, planned: DatasetRetention[]): Promise<DatasetRetention[]> {
  const byName = new Map<string, DatasetRuntime>(options.datasets.map((d) => [d.qualifiedName, d]));
  const done: DatasetRetention[] = [];
  for (const plan of planned) {
    const runtime = byName.get(plan.dataset);
    if (runtime) done.push({ ...plan, ...(await removeDataset(options, runtime, plan.cutoff)) });
  }
  return done;
}

/**
 * Batches of locked files, each batch one transaction: delete each object
 * (a missing key succeeds, so a batch that failed after some deletes is
 * simply redone), record it, drop its catalog row. A failed object delete
 * rolls the batch back and ends the run with the error.
 */
async function removeDataset(options: RetentionOptions, runtime: DatasetRuntime, cutoff: Date): Promise<{ files: number; rows: number; bytes: number }> {
  const batch = options.fileBatch ?? 500;
  const totals = { files: 0, rows: 0, bytes: 0 };
  for (;;) {
    const removed = await options.db.transaction(async (tx) => {
      const files = await lockExpiredFiles(tx, runtime.domain, runtime.name, cutoff, batch);
      for (const file of files) {
        await options.store.delete(file.objectKey);
        await recordRemoval(tx, file, 'retention');
        await deleteCatalogRow(tx, file.objectKey);
      }
      return files;
    });
    for (const file of removed) {
      totals.files += 1;
      totals.rows += file.rows;
      totals.bytes += file.bytes;
      countRemoval(options, runtime.qualifiedName, file.rows, file.bytes);
      options.logger.info(
        { dataset: runtime.qualifiedName, key: file.objectKey, rows: file.rows, bytes: file.bytes, maxTime: file.maxTime, reason: 'retention' },
        'lake object removed',
      );
    }
    if (removed.length < batch) return totals;
  }
}

function countRemoval(options: RetentionOptions, dataset: string, rows: number, bytes: number): void {
  options.progress?.advance(dataset);
  options.metrics?.files.inc({ dataset });
  options.metrics?.rows.inc({ dataset }, rows);
  options.metrics?.bytes.inc({ dataset }, bytes);
}

function logReport(options: RetentionOptions, report: RetentionReport): void {
  const files = report.datasets.reduce((sum, d) => sum + d.files, 0);
  options.logger.info(
    {
      dryRun: report.dryRun,
      files,
      claimsExpired: report.claimsExpired,
      claimsCutoff: report.claimsCutoff,
      datasets: report.datasets.filter((d) => d.files > 0),
    },
    report.dryRun ? 'lake retention dry run' : 'lake retention run',
  );
}

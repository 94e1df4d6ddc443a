/** Terminal progress bars for seeding and retention (cli-progress); silent when not a TTY. */
import cliProgress from 'cli-progress';
import type { RetentionProgress } from '../lake/index.ts';
import type { SeedProgress } from '../operational/index.ts';

export function seedProgressBar(stream: NodeJS.WriteStream = process.stderr): SeedProgress {
  const bar = new cliProgress.SingleBar(
    { format: 'seeding [{bar}] {percentage}% | {value}/{total} rows | {entity}', stream, noTTYOutput: !stream.isTTY, notTTYSchedule: 5000 },
    cliProgress.Presets.shades_classic,
  );
  let done = 0;
  return {
    start(planned) {
      done = 0;
      bar.start(
        Object.values(planned).reduce((a, b) => a + b, 0),
        0,
        { entity: '' },
      );
    },
    advance(entity, rows) {
      done += rows;
      bar.update(done, { entity });
    },
    stop() {
      bar.stop();
    },
  };
}

/** A progress bar over the files a retention run removes (or, dry, would remove). */
export function retentionProgressBar(stream: NodeJS.WriteStream = process.stderr): RetentionProgress {
  const bar = new cliProgress.SingleBar(
    { format: 'retention [{bar}] {percentage}% | {value}/{total} files | {dataset}', stream, noTTYOutput: !stream.isTTY, notTTYSchedule: 5000 },
    cliProgress.Presets.shades_classic,
  );
  let done = 0;
  return {
    start: (files) => bar.start(files, 0, { dataset: '' }),
    advance(dataset) {
      done += 1;
      bar.update(done, { dataset });
    },
    stop: () => bar.stop(),
  };
}

/** A progress bar for `meshgate audit archive`: records moved to the lake out of those due. */
export function archiveProgressBar(stream: NodeJS.WriteStream = process.stderr): { update(archived: number, total: number): void; stop(): void } {
  const bar = new cliProgress.SingleBar(
    { format: 'archiving [{bar}] {percentage}% | {value}/{total} records', stream, noTTYOutput: !stream.isTTY, notTTYSchedule: 5000 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(archived, total) {
      if (!started) bar.start(total, archived);
      started = true;
      bar.update(archived);
    },
    stop: () => bar.stop(),
  };
}

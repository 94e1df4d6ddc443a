/**
 * Spawns a sink member in a child process (sink-child.ts) on the test
 * services, for tests that kill it or let it crash at a chosen point.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DatasetRuntime } from '../../src/lake/index.ts';

export interface SinkProcessOptions {
  groupId: string;
  /** Roll limits of the child's sink (default: 500 rows, 500 ms). */
  maxRows?: number;
  maxAgeMs?: number;
  /** `after-upload:N` or `after-complete:N`: the child exits with code 86 at the N-th such point. */
  crashAt?: string;
}

export interface SinkProcess {
  child: ChildProcess;
  /** The child's exit code (null when a signal ended it). */
  exited: Promise<number | null>;
}

const CHILD = fileURLToPath(new URL('./sink-child.ts', import.meta.url));

export function spawnSinkProcess(datasets: readonly DatasetRuntime[], options: SinkProcessOptions): SinkProcess {
  const child = spawn(process.execPath, [CHILD], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      MESHGATE_SINK_DATASETS: JSON.stringify(datasets.map((r) => ({ domain: r.domain, name: r.name, descriptor: r.descriptor }))),
      MESHGATE_SINK_GROUP: options.groupId,
      MESHGATE_SINK_MAX_ROWS: String(options.maxRows ?? 500),
      MESHGATE_SINK_MAX_AGE_MS: String(options.maxAgeMs ?? 500),
      ...(options.crashAt ? { MESHGATE_SINK_CRASH_AT: options.crashAt } : {}),
    },
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited };
}

/**
 * pandas in the bench's own Python environment: `python3 -m venv` at
 * ~/.cache/meshgate/venv-bench with pandas and pyarrow pip-installed once
 * and reused; groupby.py does the same group-by over the same files.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CACHE_DIR } from './events.ts';
import type { Shape } from './aggregation.ts';

const VENV = path.join(CACHE_DIR, 'venv-bench');
const PYTHON = path.join(VENV, 'bin', 'python');
const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'groupby.py');

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.slice(0, 3).join(' ')} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

/** The venv's python, created and provisioned on first use; returns pandas' and pyarrow's versions. */
export function ensurePandas(): { python: string; versions: string } {
  const probe = ['-c', 'import pandas, pyarrow; print(pandas.__version__, pyarrow.__version__)'];
  if (!existsSync(PYTHON)) {
    process.stderr.write(`creating ${VENV} (pandas, pyarrow)…\n`);
    run('python3', ['-m', 'venv', VENV]);
  }
  if (spawnSync(PYTHON, probe).status !== 0) run(PYTHON, ['-m', 'pip', 'install', '--quiet', 'pandas', 'pyarrow']);
  return { python: PYTHON, versions: run(PYTHON, probe).trim() };
}

export interface PandasRun {
  load: number;
  compute: number;
  write: number;
}

/** A warm-up and `runs` timed runs in one Python process (times in ms). */
export function measurePandas(key: Shape, paths: string[], target: string, runs: number): PandasRun[] {
  const out = JSON.parse(run(PYTHON, [SCRIPT, key, target, String(runs), ...paths])) as { runs: PandasRun[] };
  return out.runs.map((r) => ({ load: r.load * 1000, compute: r.compute * 1000, write: r.write * 1000 }));
}

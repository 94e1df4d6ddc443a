/**
 * `meshgate seed` as a user runs it (embedded profile, a fresh data
 * directory): entities and the event history through ingestion; run again,
 * nothing is sent twice.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../support/test-gateway.ts';

const dirs: string[] = [];
after(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

function seed(dataDir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(repoRoot, 'src/cli/main.ts'), 'seed', '--scale', '0.02'],
      { cwd: repoRoot, env: { ...process.env, MESHGATE_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, timeout: 120_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
    );
  });
}

test('meshgate seed writes the entities and sends the event history; a second run sends nothing again', async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'meshgate-seed-'));
  dirs.push(dataDir);
  const first = await seed(dataDir);
  assert.match(first, /identity\.User: 20\n/);
  const sent = /sent (\d+) events \(0 already there\)/.exec(first);
  assert.ok(sent && Number(sent[1]) > 0, first);
  assert.match(first, /engagement\.viewed: \d+ new, 0 already there/);
  const second = await seed(dataDir);
  assert.match(second, new RegExp(`sent 0 events \\(${sent?.[1]} already there\\)`), second);
});

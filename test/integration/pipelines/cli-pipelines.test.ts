/**
 * `meshgate pipelines …` against a running gateway, as a user runs it: a run
 * followed to its end (exit 0, each unit's state), a dry-run retry listing its
 * units, and a token without `execute` refused (exit 1, the code shown).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { repoRoot, startTestGateway, tokenFor, type TestGateway } from '../../support/test-gateway.ts';

let gw: TestGateway;
before(async () => {
  gw = await startTestGateway({ profile: 'embedded', scale: 0.02, env: { MESHGATE_PIPELINE_TRIGGER_INTERVAL_SECONDS: '0' } });
});
after(async () => gw?.close());

async function cli(args: string[], role = 'admin') {
  const token = (await tokenFor({ role, sub: `cli-${role}` })) ?? '';
  // Asynchronously: the gateway answering the command runs in this process.
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    execFile(
      process.execPath,
      [path.join(repoRoot, 'src/cli/main.ts'), 'pipelines', '--url', gw.url, '--token', token, ...args],
      { encoding: 'utf8', env: { ...process.env, MESHGATE_DATA_DIR: 'memory://' }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out: stdout, err: stderr }),
    );
  });
}

test('pipelines run follows a run to its end and prints every unit', async () => {
  const run = await cli(['run', 'identity.usersSnapshot', '-p', '2026-11-03']);
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, /snapshot\[2026-11-03\]: SUCCEEDED \(attempts 1\) rows \d+→\d+/);
  assert.match(run.out, /run [0-9a-f-]{36}: SUCCEEDED/);
  const id = /run ([0-9a-f-]{36})/.exec(run.out)?.[1] ?? '';
  const status = await cli(['status', id]);
  assert.equal(status.code, 0, status.err);
  assert.match(status.out, /SUCCEEDED/);
  const dry = await cli(['retry', id, '--step', 'snapshot', '--scope', 'only', '--dry-run']);
  assert.equal(dry.code, 0, dry.err);
  assert.match(dry.out, /identity\.usersSnapshot: 1 unit\(s\) would run\n {2}snapshot \[2026-11-03\]/);
  const list = await cli(['list']);
  assert.match(list.out, /engagement\.userFeatures {2}\(day, cron 0 2 \* \* \*\)/);
});

test('a token without execute is refused with the code, and the command fails', async () => {
  const refused = await cli(['run', 'identity.usersSnapshot', '-p', '2026-11-03'], 'analyst');
  assert.equal(refused.code, 1);
  assert.match(refused.err, /FORBIDDEN: Forbidden: this needs execute on identity\.pipeline\.usersSnapshot/);
  const bad = await cli(['backfill', 'identity.usersSnapshot', '--from', '2026-11-05', '--to', '2026-11-01']);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /BAD_USER_INPUT/);
});

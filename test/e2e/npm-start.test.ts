/**
 * What README promises of `npm start`: the embedded profile, seeded on first
 * start, answers the catalog and a nested cross-domain query within 30 s.
 */
import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { postGraphQL, repoRoot } from '../support/test-gateway.ts';

let child: ChildProcess | undefined;
after(() => void child?.kill('SIGTERM'));

function waitForUrl(proc: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`not serving after ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /meshgate is serving (http:\/\/\S+)\/graphql/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
}

it('serves the seeded demo mesh within 30 s of start', async () => {
  const started = Date.now();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', LOG_LEVEL: 'warn', MESHGATE_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'meshgate-start-')) };
  for (const name of Object.keys(env)) if (name.startsWith('AUTH_') || name === 'DATABASE_URL' || name === 'MONGO_URL') delete env[name];
  child = spawn(process.execPath, ['src/cli/main.ts', 'serve', '--seed-if-empty'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await waitForUrl(child, 30_000);
  const catalog = await postGraphQL(`${url}/graphql`, '{ dataProducts { name owner } }');
  assert.deepEqual(catalog.body.data.dataProducts.map((p: { name: string }) => p.name).sort(), ['catalog', 'commerce', 'engagement', 'identity']);
  const nestedQuery = '{ commerce { orders(first: 2) { nodes { id user { name } items { quantity item { name } } } } } }';
  // Without a token the anonymous role reads no rows; `meshgate token` mints one for the embedded profile.
  const anonymous = await postGraphQL(`${url}/graphql`, nestedQuery);
  assert.deepEqual(anonymous.body.data.commerce.orders.nodes, []);
  const jwt = execFileSync(process.execPath, ['src/cli/main.ts', 'token', '--role', 'admin', '--sub', 'e2e'], { cwd: repoRoot, env }).toString().trim();
  const nested = await postGraphQL(`${url}/graphql`, nestedQuery, undefined, { authorization: `Bearer ${jwt}` });
  assert.equal(nested.body.errors, undefined, JSON.stringify(nested.body.errors));
  for (const order of nested.body.data.commerce.orders.nodes) {
    assert.ok(order.user.name);
    assert.ok(order.items.every((line: { item: { name: string } }) => line.item.name));
  }
  const elapsed = Date.now() - started;
  assert.ok(elapsed < 30_000, `answered ${elapsed} ms after start`);
});

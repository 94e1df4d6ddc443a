/**
 * `npm run bench:governance`: the cost of authentication, policies and the
 * strict access log, as ratios against the same gateway without them, in one
 * run on the same machine. PostgreSQL + FerretDB (scripts/services.sh), demo
 * data at scale 1, a nested cross-domain orders query on PostgreSQL, 50 connections.
 * Flags: --warmup S (5) --duration S (20) --connections N (50) --json FILE.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { mintToken } from '../../../src/auth/index.ts';
import { repoRoot } from '../../support/test-gateway.ts';
import { runLoad, type LoadResult } from './load.ts';

const { values: flags } = parseArgs({
  options: {
    warmup: { type: 'string', default: '5' },
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '50' },
    json: { type: 'string' },
  },
});
const SECRET = 'meshgate-bench-secret-0123456789abcdef';
const DATABASE = 'meshgate_bench_governance';
// PostgreSQL only (orders, their lines, their users across domains): FerretDB 1.24 on SQLite answers a key lookup in
// ~100 ms here, which would hide the gateway's own costs behind the database's.
const QUERY =
  '{ commerce { orders(first: 20, orderBy: [{ field: placedAt, direction: DESC }]) { nodes { id total status user { name email country } items { quantity unitPrice itemId } } } } }';

function servicesEnv(): Record<string, string> {
  const up = spawnSync('bash', [path.join(repoRoot, 'scripts/services.sh'), 'up', 'postgres', 'ferretdb'], { stdio: 'inherit' });
  if (up.status !== 0) throw new Error('scripts/services.sh up failed');
  const out = spawnSync('bash', [path.join(repoRoot, 'scripts/services.sh'), 'env'], { encoding: 'utf8' }).stdout;
  return Object.fromEntries([...out.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
}

/** The bench database, and whether it is new (seeded once: re-seeding FerretDB replaces every document, slowly). */
async function prepareDatabase(adminUrl: string): Promise<{ url: string; created: boolean }> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
  if (!exists.rowCount) await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${DATABASE}`;
  return { url: url.toString(), created: !exists.rowCount };
}

function startServer(mode: string, env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn('taskset', ['-c', '1', process.execPath, path.join(repoRoot, 'test/bench/governance/serve.ts'), mode], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /READY (\S+)/.exec(out);
      if (match) resolve({ child, url: `${match[1]}/graphql` });
    });
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
}

async function measure(mode: string, env: Record<string, string>, token: string | undefined): Promise<LoadResult> {
  const { child, url } = await startServer(mode, env);
  try {
    const headers = (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});
    const check = (body: string) => body.includes('"orders"') && body.includes('"nodes":[{');
    const load = { url, body: JSON.stringify({ query: QUERY }), headers, connections: Number(flags.connections), check };
    await runLoad({ ...load, durationMs: Number(flags.warmup) * 1000 });
    return await runLoad({ ...load, durationMs: Number(flags.duration) * 1000 });
  } finally {
    child.kill('SIGTERM');
  }
}

const services = servicesEnv();
const { url: databaseUrl, created } = await prepareDatabase(services.MESHGATE_TEST_DATABASE_URL!);
const env = {
  DATABASE_URL: databaseUrl,
  MONGO_URL: services.MESHGATE_TEST_MONGO_URL!,
  MONGO_DATABASE: DATABASE,
  AUTH_JWT_SECRET: SECRET,
  PORT: '0',
  LOG_LEVEL: 'warn',
};
if (created) {
  const seeded = spawnSync(process.execPath, ['src/cli/main.ts', 'seed', '--scale', '1'], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: 'inherit' });
  if (seeded.status !== 0) throw new Error('seeding failed');
}
const admin = await mintToken(SECRET, { sub: 'bench-admin', roles: ['admin'] });
const support = await mintToken(SECRET, { sub: 'bench-support', roles: ['support'], claims: { country: 'DE' } });

const rows: [string, LoadResult][] = [];
for (const [label, mode, token] of [
  ['no governance (baseline)', 'ungoverned', undefined],
  ['admin: auth + policy + strict log', 'governed', admin],
  ['support: row filter + masked field', 'governed', support],
] as const) {
  process.stderr.write(`measuring ${label}…\n`);
  rows.push([label, await measure(mode, env, token)]);
}
const baseline = rows[0]![1];
console.log(
  `\n${'variant'.padEnd(38)} ${'RPS'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)} ${'RPS ratio'.padStart(10)}`,
);
for (const [label, r] of rows) {
  console.log(
    `${label.padEnd(38)} ${r.rps.toFixed(1).padStart(8)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${String(r.errors).padStart(7)} ${(r.rps / baseline.rps).toFixed(3).padStart(10)}`,
  );
}
if (flags.json) writeFileSync(flags.json, JSON.stringify(Object.fromEntries(rows), null, 2));

// The federation gateways benchmark (graphql-hive/graphql-gateways-benchmark's scenario), per core:
// meshgate, Apollo Gateway and Hive Gateway (--jit) in turn on the same supergraph, each pinned to CPU 1, while the
// memoised Node subgraphs and wrk share CPU 0. Every gateway's response is checked against expected-structure.json.
// Usage: npm run bench:federation -- [--warmup 15] [--duration 60] [--connections 50]
//          [--gateways meshgate,apollo,hive] [--mode dedup-off|unique-auth|both] [--json FILE]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readBenchmarkFile } from './benchmark-subgraphs.ts';
import { GATEWAY_NAMES, PRIORITY, installPeers, peersInstalled, startGateway, stopProcess, type GatewayName } from './gateways.ts';
import { runWrk } from './load.ts';
import { samplePeakRss, treeCpuSeconds } from './process-stats.ts';
import { formatRatios, formatTable, ratios, type GatewayRun, type LoadMode } from './report.ts';

const LOAD_CPU = '0';
const GATEWAY_CPU = '1';
const SUBGRAPH_PORT = 4200;
const GATEWAY_PORT = 4400;

const { values } = parseArgs({
  options: {
    warmup: { type: 'string', default: '15' },
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '50' },
    gateways: { type: 'string', default: GATEWAY_NAMES.join(',') },
    mode: { type: 'string', default: 'both' },
    json: { type: 'string' },
  },
});
const warmup = Number(values.warmup);
const duration = Number(values.duration);
const connections = Number(values.connections);
const gateways = values.gateways.split(',').map((g) => g.trim()) as GatewayName[];
for (const g of gateways) if (!GATEWAY_NAMES.includes(g)) throw new Error(`--gateways: unknown gateway "${g}" (known: ${GATEWAY_NAMES.join(', ')})`);
const modes: LoadMode[] = values.mode === 'both' ? ['dedup-off', 'unique-auth'] : [values.mode as LoadMode];
for (const m of modes) if (m !== 'dedup-off' && m !== 'unique-auth') throw new Error(`--mode: expected dedup-off, unique-auth or both, got "${m}"`);

ensureTools();
if (gateways.some((g) => g !== 'meshgate') && !peersInstalled()) await installPeers();
// This process (RSS sampling, orchestration) stays off the gateway's core.
spawnSync('taskset', ['-a', '-pc', LOAD_CPU, String(process.pid)], { stdio: 'ignore' });

const workDir = mkdtempSync(join(tmpdir(), 'meshgate-fedbench-'));
const supergraphFile = join(workDir, 'supergraph.graphql');
writeFileSync(supergraphFile, readBenchmarkFile('supergraph.graphql').replaceAll('http://0.0.0.0:4200', `http://127.0.0.1:${SUBGRAPH_PORT}`));
const body = JSON.stringify({ query: readBenchmarkFile('query.graphql'), operationName: 'TestQuery' });
const bodyFile = join(workDir, 'body.json');
writeFileSync(bodyFile, body);
const expected = (JSON.parse(readBenchmarkFile('expected-structure.json')) as { data: unknown }).data;

const subgraphs = spawn('nice', ['-n', PRIORITY, 'taskset', '-c', LOAD_CPU, process.execPath, new URL('./serve-subgraphs.ts', import.meta.url).pathname], {
  env: { ...process.env, PORT: String(SUBGRAPH_PORT), MEMOIZE: '1' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const runs: GatewayRun[] = [];
try {
  await waitForSubgraphs();
  console.log(
    `federation benchmark: ${gateways.join(', ')}; modes ${modes.join(', ')}; ${connections} connections, ${warmup} s warm-up + ${duration} s measured; gateway on CPU ${GATEWAY_CPU}, subgraphs and wrk on CPU ${LOAD_CPU}; Node ${process.version}`,
  );
  for (const mode of modes) for (const gateway of gateways) runs.push(await measure(gateway, mode));
} finally {
  await stopProcess(subgraphs);
}
console.log(`\n${formatTable(runs)}\n`);
const ratioList = ratios(runs);
if (ratioList.length) console.log(`${formatRatios(ratioList)}\n`);
if (values.json) {
  writeFileSync(values.json, `${JSON.stringify({ node: process.version, warmup, duration, connections, runs, ratios: ratioList }, null, 2)}\n`);
  console.log(`wrote ${values.json}`);
}

async function measure(name: GatewayName, mode: LoadMode): Promise<GatewayRun> {
  process.stdout.write(`${mode} ${name}: starting… `);
  const gateway = await startGateway(name, { supergraphFile, port: GATEWAY_PORT, cpu: GATEWAY_CPU, body, expected });
  const pid = gateway.process.pid!;
  const rss = samplePeakRss(pid);
  try {
    const load = { url: gateway.url, bodyFile, connections, uniqueAuth: mode === 'unique-auth', cpu: LOAD_CPU, priority: PRIORITY };
    process.stdout.write('response ok; warm-up… ');
    if (warmup > 0) await runWrk({ ...load, seconds: warmup });
    const before = { gateway: treeCpuSeconds(pid), subgraphs: treeCpuSeconds(subgraphs.pid!), calls: await subgraphCalls() };
    process.stdout.write('measuring… ');
    const result = await runWrk({ ...load, seconds: duration });
    const calls = (await subgraphCalls()) - before.calls;
    const run: GatewayRun = {
      mode,
      gateway: name,
      load: result,
      peakRssMb: rss.stop() / 2 ** 20,
      gatewayCpuShare: (treeCpuSeconds(pid) - before.gateway) / result.seconds,
      cpuMsPerRequest: ((treeCpuSeconds(pid) - before.gateway) * 1000) / Math.max(1, result.requests),
      subgraphCpuShare: (treeCpuSeconds(subgraphs.pid!) - before.subgraphs) / result.seconds,
      subgraphCallsPerRequest: calls / Math.max(1, result.requests),
    };
    console.log(`${result.rps.toFixed(1)} RPS, p95 ${result.p95Ms.toFixed(1)} ms, ${result.errors} errors, peak RSS ${run.peakRssMb.toFixed(0)} MB`);
    return run;
  } finally {
    rss.stop();
    await gateway.stop();
  }
}

async function subgraphCalls(): Promise<number> {
  const counts = (await (await fetch(`http://127.0.0.1:${SUBGRAPH_PORT}/counts`)).json()) as Record<string, number>;
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

async function waitForSubgraphs() {
  for (let i = 0; i < 120; i++) {
    if (subgraphs.exitCode !== null) throw new Error(`subgraphs exited with ${subgraphs.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${SUBGRAPH_PORT}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('benchmark subgraphs did not start within 30 s');
}

function ensureTools() {
  if (spawnSync('taskset', ['-V']).status !== 0) throw new Error('taskset (util-linux) is required');
  if (spawnSync('wrk', ['-v']).error) {
    console.log('wrk missing: apt-get install -y wrk');
    if (spawnSync('apt-get', ['install', '-y', 'wrk'], { stdio: 'inherit' }).status !== 0) throw new Error('could not install wrk (apt-get install -y wrk)');
  }
}

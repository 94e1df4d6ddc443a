/**
 * `npm run bench:pipelines`: the pipelines' processing layer and engine,
 * measured side by side in one run on one machine:
 * - an aggregation step (SDK plan → `writePlanToParquet`) over N generated
 *   events in Parquet, grouped by item and by country, against the same SQL
 *   typed by hand in DuckDB (goal ≤ 1.5×) and against pandas (goal: faster),
 *   all three writing ZSTD Parquet whose checksums must agree;
 * - a `map` row function over M rows through `executePlan` against a bare
 *   loop over the same rows in memory (goal ≤ 1.5×);
 * - `runPipeline` → first step running on a real in-process gateway, p50/p95.
 * Options: --events N (10000000) --rows M (1000000) --runs R (5) --launches K (30)
 * --profile embedded|services --pipeline P (identity.usersSnapshot)
 * --only aggregation,rows,launch --json FILE.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { assertAgree, checksum, measureDuck, type Shape } from './aggregation.ts';
import { eventFiles } from './events.ts';
import { measureLaunches } from './launch.ts';
import { ensurePandas, measurePandas } from './pandas.ts';
import { goalOf, type Line, printTable, ratioOf } from './report.ts';
import { measureRowFunctions } from './row-functions.ts';
import { median, quantile, round } from './stats.ts';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '10000000' },
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '5' },
    launches: { type: 'string', default: '30' },
    profile: { type: 'string', default: 'embedded' },
    pipeline: { type: 'string', default: 'identity.usersSnapshot' },
    only: { type: 'string', default: 'aggregation,rows,launch' },
    json: { type: 'string' },
  },
});
const events = Number(args.events);
const rows = Number(args.rows);
const runs = Number(args.runs);
const only = new Set(args.only.split(','));
if (args.profile !== 'embedded' && args.profile !== 'services') throw new Error('--profile is embedded or services');
const log = (message: string) => process.stderr.write(`${message}\n`);

async function aggregation(outDir: string, lines: Line[]) {
  const files = await eventFiles(events);
  log(`${events} events in ${files.paths.length} Parquet files under ${files.dir} (${files.generated ? 'generated now' : 'cached, generation skipped'})`);
  const pandas = ensurePandas();
  const shapes: Record<string, unknown> = {};
  for (const key of ['itemId', 'country'] as Shape[]) {
    log(`aggregation by ${key}: meshgate and raw DuckDB…`);
    const duck = await measureDuck(key, files.paths, outDir, runs);
    log(`aggregation by ${key}: pandas…`);
    const py = measurePandas(key, files.paths, path.join(outDir, `pandas-${key}.parquet`), runs);
    const [mesh, raw, pd] = await Promise.all(['meshgate', 'raw', 'pandas'].map((who) => checksum(path.join(outDir, `${who}-${key}.parquet`))));
    assertAgree(`group by ${key}`, mesh, raw, 'raw DuckDB');
    assertAgree(`group by ${key}`, mesh, pd, 'pandas');
    const pandasTotal = py.map((r) => r.load + r.compute + r.write);
    const meshgateMs = median(duck.meshgate);
    lines.push({ what: `group by ${key}: vs raw DuckDB`, meshgateMs, baseline: 'DuckDB SQL by hand', baselineMs: median(duck.raw), goalAtMost: 1.5 });
    lines.push({ what: `group by ${key}: vs pandas`, meshgateMs, baseline: 'pandas load+agg+write', baselineMs: median(pandasTotal), goalBelow: 1 });
    shapes[key] = {
      outputRows: mesh.rows,
      checksum: mesh,
      meshgateMs: duck.meshgate.map((t) => round(t)),
      rawDuckdbMs: duck.raw.map((t) => round(t)),
      pandasMs: py.map((r) => ({ load: round(r.load), compute: round(r.compute), write: round(r.write) })),
      medians: {
        meshgate: round(meshgateMs),
        rawDuckdb: round(median(duck.raw)),
        pandasTotal: round(median(pandasTotal)),
        pandasLoad: round(median(py.map((r) => r.load))),
        pandasCompute: round(median(py.map((r) => r.compute))),
        pandasWrite: round(median(py.map((r) => r.write))),
      },
    };
  }
  return { events, files: files.paths.length, cached: !files.generated, pandasVersions: pandas.versions, shapes };
}

async function rowFunctions(lines: Line[]) {
  const files = await eventFiles(rows);
  log(`row functions over ${rows} rows (${files.generated ? 'generated now' : 'cached'})…`);
  const result = await measureRowFunctions(files.paths, runs);
  lines.push({
    what: 'map row function vs bare loop',
    meshgateMs: result.meshgateMapMs,
    baseline: 'bare JS loop',
    baselineMs: result.bareLoopMs,
    goalAtMost: 1.5,
  });
  lines.push({ what: 'plan without the map vs bare loop', meshgateMs: result.planWithoutMapMs, baseline: 'bare JS loop', baselineMs: result.bareLoopMs });
  return { ...result, times: Object.fromEntries(Object.entries(result.times).map(([k, v]) => [k, v.map((t) => round(t))])) };
}

async function launches() {
  log(`${args.launches} launches of ${args.pipeline} on the ${args.profile} profile…`);
  const result = await measureLaunches(args.profile as 'embedded' | 'services', args.pipeline, Number(args.launches));
  const summary = (values: number[]) => ({ p50: round(quantile(values, 0.5)), p95: round(quantile(values, 0.95)), max: round(Math.max(...values)) });
  return {
    ...result,
    observed: summary(result.observedMs),
    stepStartedAt: summary(result.startedAtMs),
    mutationResponse: summary(result.mutationMs),
    observedMs: result.observedMs.map((t) => round(t)),
    mutationMs: result.mutationMs.map((t) => round(t)),
  };
}

const outDir = await mkdtemp(path.join(os.tmpdir(), 'meshgate-bench-pipelines-'));
try {
  const lines: Line[] = [];
  const report: Record<string, unknown> = {
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      memoryGb: round(os.totalmem() / 2 ** 30),
    },
    options: { events, rows, runs, launches: Number(args.launches), profile: args.profile, pipeline: args.pipeline },
  };
  if (only.has('aggregation')) report.aggregation = await aggregation(outDir, lines);
  if (only.has('rows')) report.rowFunctions = await rowFunctions(lines);
  const launch = only.has('launch') ? await launches() : undefined;
  report.launch = launch;
  if (lines.length > 0) printTable(lines);
  if (launch) {
    console.log(`\nrunPipeline → first step RUNNING (${launch.profile}, ${launch.pipeline}, ${launch.observedMs.length} launches, polled every 10 ms):`);
    console.log(`  observed by polling: p50 ${launch.observed.p50} ms, p95 ${launch.observed.p95} ms, max ${launch.observed.max} ms`);
    console.log(
      `  step startedAt:      p50 ${launch.stepStartedAt.p50} ms, p95 ${launch.stepStartedAt.p95} ms; runs ended ${JSON.stringify(launch.finalStates)}`,
    );
  }
  report.comparisons = lines.map((line) => ({ ...line, ratio: round(ratioOf(line), 3), goal: goalOf(line).text || undefined, met: goalOf(line).met }));
  report.goalsMet = Object.fromEntries(lines.filter((l) => goalOf(l).met !== undefined).map((l) => [l.what, goalOf(l).met]));
  if (args.json) await writeFile(args.json, `${JSON.stringify(report, null, 2)}\n`);
} finally {
  await rm(outDir, { recursive: true, force: true });
}

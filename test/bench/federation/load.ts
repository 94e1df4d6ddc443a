import { spawn } from 'node:child_process';
import { once } from 'node:events';

/** What one wrk run measured (latencies in milliseconds). */
export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Transport errors, non-200 statuses and responses carrying "errors". */
  errors: number;
}

export interface LoadOptions {
  url: string;
  bodyFile: string;
  seconds: number;
  connections: number;
  uniqueAuth: boolean;
  /** CPU list for `taskset -c` (the load generator shares the subgraphs' core). */
  cpu: string;
  /** `nice -n` value. */
  priority: string;
}

const luaScript = new URL('./wrk-graphql.lua', import.meta.url).pathname;

/** Drives a closed loop of `connections` with one wrk thread and returns its summary (wrk-graphql.lua's done()). */
export async function runWrk(opts: LoadOptions): Promise<LoadResult> {
  const args = [
    '-n',
    opts.priority,
    'taskset',
    '-c',
    opts.cpu,
    'wrk',
    '-t1',
    `-c${opts.connections}`,
    `-d${opts.seconds}s`,
    '--timeout',
    '10s',
    '-s',
    luaScript,
    opts.url,
  ];
  const child = spawn('nice', args, {
    env: { ...process.env, BENCH_BODY_FILE: opts.bodyFile, BENCH_UNIQUE_AUTH: opts.uniqueAuth ? '1' : '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const [code] = await once(child, 'close');
  const line = out.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (code !== 0 || !line) throw new Error(`wrk failed (exit ${code}):\n${out}`);
  return toLoadResult(JSON.parse(line.slice('BENCH_RESULT '.length)));
}

interface WrkSummary {
  requests: number;
  durationUs: number;
  p50Us: number;
  p95Us: number;
  p99Us: number;
  maxUs: number;
  badResponses: number;
  connectErrors: number;
  readErrors: number;
  writeErrors: number;
  statusErrors: number;
  timeouts: number;
}

function toLoadResult(s: WrkSummary): LoadResult {
  const seconds = s.durationUs / 1e6;
  // Non-200 statuses are counted by both wrk (statusErrors) and the script (badResponses): count them once.
  const errors = s.badResponses + s.connectErrors + s.readErrors + s.writeErrors + s.timeouts;
  return {
    requests: s.requests,
    seconds,
    rps: s.requests / seconds,
    p50Ms: s.p50Us / 1000,
    p95Ms: s.p95Us / 1000,
    p99Ms: s.p99Us / 1000,
    maxMs: s.maxUs / 1000,
    errors,
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';

export type GatewayName = 'meshgate' | 'apollo' | 'hive';
export const GATEWAY_NAMES: readonly GatewayName[] = ['meshgate', 'apollo', 'hive'];

const here = new URL('.', import.meta.url).pathname;
/**
 * Niceness of every benchmark process (gateways, subgraphs, wrk): on a shared machine other work would otherwise
 * take turns on the pinned cores and the numbers would measure the scheduler. Negative needs root; else it is ignored.
 */
export const PRIORITY = process.getuid?.() === 0 ? '-10' : '0';
const peersDir = `${here}peers`;

/** How each gateway is started on a supergraph file; all three run on this same Node (process.execPath). */
function commandFor(name: GatewayName, supergraphFile: string, port: number): { args: string[]; cwd: string; env: Record<string, string> } {
  switch (name) {
    case 'meshgate':
      // A larger young generation: a request allocates ~1 MB of short-lived JSON; scavenges then stay cheap.
      return { args: ['--max-semi-space-size=32', `${here}serve-meshgate.ts`, supergraphFile], cwd: here, env: { PORT: String(port), LOG_LEVEL: 'warn' } };
    case 'apollo':
      return { args: [`${peersDir}/apollo-gateway.mjs`, supergraphFile], cwd: peersDir, env: { PORT: String(port), NODE_ENV: 'production' } };
    case 'hive':
      return {
        args: [
          `${peersDir}/node_modules/@graphql-hive/gateway/dist/bin.js`,
          'supergraph',
          supergraphFile,
          '--jit',
          '--fork',
          '1',
          '--port',
          String(port),
          '--host',
          '127.0.0.1',
          '-c',
          `${peersDir}/hive-gateway.config.mjs`,
        ],
        cwd: peersDir,
        env: { NODE_ENV: 'production' },
      };
    default: {
      const exhaustive: never = name;
      throw new Error(`unknown gateway ${String(exhaustive)}`);
    }
  }
}

export interface RunningGateway {
  name: GatewayName;
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts a gateway pinned to `cpu` and resolves once it answers the benchmark query exactly as expected. */
export async function startGateway(
  name: GatewayName,
  opts: { supergraphFile: string; port: number; cpu: string; body: string; expected: unknown },
): Promise<RunningGateway> {
  const { args, cwd, env } = commandFor(name, opts.supergraphFile, opts.port);
  const child = spawn('nice', ['-n', PRIORITY, 'taskset', '-c', opts.cpu, process.execPath, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
  child.stderr!.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${opts.port}/graphql`;
  const stop = () => stopProcess(child);
  try {
    await waitForExpectedResponse(url, opts.body, opts.expected, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { name, url, process: child, stop };
}

async function waitForExpectedResponse(url: string, body: string, expected: unknown, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 60_000;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`gateway exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body });
      const json = (await res.json()) as { data?: unknown; errors?: unknown };
      if (res.status === 200 && !json.errors && isDeepStrictEqual(json.data, expected)) return;
      last = `HTTP ${res.status}: ${JSON.stringify(json).slice(0, 300)}`;
      if (res.status === 200) throw new Error(`response differs from expected-structure.json: ${last}`);
    } catch (error) {
      if ((error as Error).message.startsWith('response differs')) throw error;
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`gateway at ${url} not ready within 60 s (${last}):\n${output()}`);
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** The peer gateways live in peers/ with their own lockfile, outside meshgate's dependencies. */
export function peersInstalled(): boolean {
  return existsSync(`${peersDir}/node_modules/@apollo/gateway`) && existsSync(`${peersDir}/node_modules/@graphql-hive/gateway`);
}

export async function installPeers(): Promise<void> {
  const child = spawn('npm', ['ci', '--no-audit', '--no-fund', '--prefix', peersDir], { stdio: 'inherit' });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`npm ci --prefix ${peersDir} failed (${code})`);
}

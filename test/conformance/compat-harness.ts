/**
 * Runs Apollo's federation subgraph compatibility suite without Docker, rover or the router binary:
 * the products subgraph is meshgate's (compat/products-subgraph.ts), the suite's own users and
 * inventory subgraphs run as node processes, and meshgate's gateway serves the composed supergraph
 * in place of Apollo Router. The suite's jest tests run unchanged from compat/node_modules.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { composeSupergraph, createFederatedExecutor, createHttpSubgraphClient } from '../../src/federation/index.ts';
import { createGatewayHttpServer } from '../../src/gateway/http/index.ts';
import { createLogger } from '../../src/observability/index.ts';
import type { RunningSubgraph } from './compat/products-subgraph.ts';

export const compatDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'compat');
const requireFromCompat = createRequire(path.join(compatDir, 'package.json'));
const run = promisify(execFile);

/** One row of the suite's TESTS table (its testRunner.ts): a named check, required or not. */
export interface SuiteCheck {
  assertion: string;
  column: string;
  fedVersion: number;
  required: boolean;
}

export interface CheckOutcome extends SuiteCheck {
  status: 'passed' | 'failed' | 'not-run';
  failures: string[];
}

/** Installs the compatibility package from compat/package-lock.json when missing (its postinstall would download rover). */
export async function ensureCompatInstalled(): Promise<void> {
  if (existsSync(path.join(compatDir, 'node_modules/@apollo/federation-subgraph-compatibility-tests/package.json'))) return;
  await run('npm', ['ci', '--prefix', compatDir, '--ignore-scripts', '--no-audit', '--no-fund'], { timeout: 300_000 });
}

export function suiteChecks(): SuiteCheck[] {
  return (requireFromCompat('@apollo/federation-subgraph-compatibility-tests/dist/testRunner.js') as { TESTS: SuiteCheck[] }).TESTS;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The suite's own `users` or `inventory` subgraph (Apollo Server + @apollo/subgraph), forced onto 127.0.0.1. */
export async function startReferenceSubgraph(name: 'users' | 'inventory'): Promise<RunningSubgraph> {
  const port = await freePort();
  const entry = requireFromCompat.resolve(`@apollo/federation-subgraph-compatibility-tests/dist/subgraphs/${name}/index.js`);
  const child = spawn(process.execPath, ['--import', path.join(compatDir, 'loopback-only.mjs'), entry], {
    env: { ...process.env, [`${name.toUpperCase()}_PORT`]: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitForOutput(child, 'subgraph ready at', `${name} subgraph`);
  return { url: `http://127.0.0.1:${port}/`, close: () => stopChild(child) };
}

function waitForOutput(child: ChildProcess, marker: string, label: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${label} did not start within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(marker)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited with ${code}:\n${output}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** SDL from `_service { sdl }`, as rover dev reads a subgraph. */
export async function fetchSdl(url: string): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  });
  const body = (await response.json()) as { data?: { _service?: { sdl?: string } } };
  const sdl = body.data?._service?.sdl;
  if (!sdl) throw new Error(`${url} returned no _service.sdl: ${JSON.stringify(body)}`);
  return sdl;
}

/** meshgate's gateway over the composed supergraph of the given subgraphs; its GraphQL endpoint is `url`. */
export async function startCompatGateway(subgraphUrls: Record<string, string>): Promise<RunningSubgraph> {
  const sources = await Promise.all(Object.entries(subgraphUrls).map(async ([name, url]) => ({ name, url, typeDefs: await fetchSdl(url) })));
  const supergraphSdl = composeSupergraph(sources);
  const clients = Object.fromEntries(sources.map((s) => [s.name, createHttpSubgraphClient(s.url)]));
  const executor = createFederatedExecutor({ supergraphSdl, clients });
  const http = createGatewayHttpServer({ engine: executor, logger: createLogger({ level: 'silent' }), graphiql: false });
  const { url } = await http.listen(0);
  return { url: `${url}/graphql`, close: () => http.close() };
}

interface JestAssertion {
  ancestorTitles: string[];
  fullName: string;
  status: string;
  failureMessages: string[];
}

/** Runs the suite's jest tests (asynchronously: the servers under test live in this process). */
export async function runSuiteJest(productsUrl: string, routerUrl: string): Promise<JestAssertion[]> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'meshgate-compat-'));
  const outputFile = path.join(outDir, 'jest.json');
  try {
    const jestBin = requireFromCompat.resolve('jest/bin/jest');
    const args = [jestBin, '--ci', '--json', `--outputFile=${outputFile}`, '--config', path.join(compatDir, 'jest.config.cjs')];
    const env = { ...process.env, PRODUCTS_URL: productsUrl, ROUTER_URL: routerUrl };
    // Jest exits 1 when a test fails; the JSON report is what counts.
    await run(process.execPath, args, { cwd: compatDir, env, timeout: 300_000, maxBuffer: 64 * 1024 * 1024 }).catch((error: { code?: number }) => {
      if (typeof error.code !== 'number' || error.code > 1) throw error;
    });
    const report = JSON.parse(readFileSync(outputFile, 'utf8')) as { testResults: { assertionResults: JestAssertion[] }[] };
    return report.testResults.flatMap((r) => r.assertionResults);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/**
 * Groups jest assertions into the suite's checks the way its testRunner does (the describe title, or the
 * test name at top level), but stricter: a check with no assertion that ran is `not-run`, not a pass.
 */
export function outcomes(checks: SuiteCheck[], assertions: JestAssertion[]): CheckOutcome[] {
  return checks.map((check) => {
    const mine = assertions.filter((a) => (a.ancestorTitles.length === 0 ? a.fullName : a.ancestorTitles[0]) === check.assertion);
    const ran = mine.filter((a) => a.status === 'passed' || a.status === 'failed');
    const failed = ran.filter((a) => a.status === 'failed');
    const status = ran.length === 0 ? 'not-run' : failed.length ? 'failed' : 'passed';
    return { ...check, status, failures: failed.map((a) => `${a.fullName}: ${firstLine(a.failureMessages.join('\n'))}`) };
  });
}

function firstLine(message: string): string {
  return (
    message
      // biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes from jest's output
      .replace(/\u001b\[[0-9;]*m/g, '')
      .split('\n')
      .filter((l) => l.trim())
      .slice(0, 6)
      .join(' | ')
  );
}

export function formatOutcomes(results: CheckOutcome[]): string {
  return results
    .map(
      (r) =>
        `${r.status.padEnd(7)} ${r.required ? 'required' : 'optional'} ${r.column}${r.failures.length ? `\n          ${r.failures.join('\n          ')}` : ''}`,
    )
    .join('\n');
}

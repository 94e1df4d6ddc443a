// Development aid: runs the benchmark query through the executor with HTTP clients against memoised subgraphs
// (served by a child process, so they do not share this process's core) and prints ops/s.
// Usage: [PIN=1 taskset -c 1] npm exec -- node test/bench/federation/micro.ts [iterations=3000] [concurrency=50]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { parse } from 'graphql';
import { createFederatedExecutor, createHttpSubgraphClient, SERIALIZED_RESPONSE } from '../../../src/federation/index.ts';
import { readBenchmarkFile } from './benchmark-subgraphs.ts';

const iterations = Number(process.argv[2] ?? 3000);
const concurrency = Number(process.argv[3] ?? 50);
const port = 4300 + Math.floor(Math.random() * 500);
// PIN=1: subgraphs on core 0 (run this script itself with `taskset -c 1`), like the published measurement.
const serve = [process.execPath, new URL('./serve-subgraphs.ts', import.meta.url).pathname];
const command = process.env.PIN === '1' ? ['taskset', '-c', '0', ...serve] : serve;
const child = spawn(command[0], command.slice(1), {
  env: { ...process.env, PORT: String(port), MEMOIZE: '1' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await once(child.stdout!, 'data');
try {
  const names = ['accounts', 'inventory', 'products', 'reviews'];
  const clients = Object.fromEntries(names.map((n) => [n, createHttpSubgraphClient(`http://127.0.0.1:${port}/${n}`)]));
  const executor = createFederatedExecutor({ supergraphSdl: readBenchmarkFile('supergraph.graphql'), clients });
  const query = readBenchmarkFile('query.graphql');
  const expected = JSON.stringify(JSON.parse(readBenchmarkFile('expected-structure.json')));
  const document = parse(query);
  // The response body as the HTTP layer sends it: the pre-serialised text when the executor attaches one.
  const runOnce = async () => {
    const result = await executor.execute({ document, operationName: 'TestQuery' });
    return (result as { [SERIALIZED_RESPONSE]?: string })[SERIALIZED_RESPONSE] ?? JSON.stringify(result);
  };
  if ((await runOnce()) !== expected) throw new Error('response differs from expected-structure.json');
  const measure = async (n: number) => {
    let next = 0;
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next++ < n) await runOnce();
      }),
    );
    const cpu = process.cpuUsage(cpuStart);
    if (process.env.MICRO_VERBOSE) console.log(`user ${(cpu.user / n).toFixed(0)} µs/op, system ${(cpu.system / n).toFixed(0)} µs/op`);
    return { opsPerSecond: (n / (performance.now() - start)) * 1000, cpuMicrosPerOp: (cpu.user + cpu.system) / n };
  };
  await measure(Math.min(500, iterations));
  const { opsPerSecond, cpuMicrosPerOp } = await measure(iterations);
  // CPU time per operation is the steadier number on a shared machine: 1e6 / it is the throughput one busy core would give.
  console.log(
    `${iterations} operations, concurrency ${concurrency}: ${opsPerSecond.toFixed(0)} ops/s wall, ` +
      `${cpuMicrosPerOp.toFixed(0)} µs CPU/op in the gateway process (≈ ${(1e6 / cpuMicrosPerOp).toFixed(0)} ops/s per core)`,
  );
} finally {
  child.kill('SIGTERM');
}

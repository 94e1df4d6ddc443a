/**
 * Produce throughput with acks=all: the Kafka adapter against bare kafkajs
 * producers on the same broker, and the local log broker. Same messages and
 * batch size everywhere; every batch is awaited before the next (as the
 * events endpoint acknowledges a client only after its batch).
 *
 *   eval "$(bash scripts/services.sh env)"
 *   npm exec -- node test/integration/sources/kafka-throughput.bench.ts [messages] [batchSize]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { createKafkaBroker, createLocalBroker, type BrokerMessage } from '../../../src/sources/index.ts';
import { requireEnv } from '../../support/required-env.ts';
import { uniqueRunName } from './run-name.ts';

const total = Number(process.argv[2] ?? 50_000);
const batchSize = Number(process.argv[3] ?? 500);
const brokers = requireEnv('MESHGATE_TEST_KAFKA_BROKERS', 'eval "$(bash scripts/services.sh env)"').split(',');
const run = uniqueRunName('bench');

const payload = JSON.stringify({ type: 'item_viewed', user: 'user-0000', item: 'item-000000', at: new Date(0).toISOString(), pad: 'x'.repeat(100) });
const batches: BrokerMessage[][] = [];
for (let start = 0; start < total; start += batchSize) {
  batches.push(Array.from({ length: Math.min(batchSize, total - start) }, (_, i) => ({ key: `entity-${(start + i) % 1000}`, value: payload })));
}

const kafkajsBatches = batches.map((batch) => batch.map((m) => ({ key: m.key, value: m.value })));

/** Messages per second over all batches, each awaited before the next. */
async function measure(send: (batchIndex: number) => Promise<unknown>): Promise<number> {
  await send(0); // connection and metadata warm-up, not timed
  const started = performance.now();
  for (let i = 0; i < batches.length; i++) await send(i);
  return total / ((performance.now() - started) / 1000);
}

function report(label: string, rates: number[]): void {
  const median = Math.round([...rates].sort((a, b) => a - b)[Math.floor(rates.length / 2)]);
  console.log(`${label.padEnd(42)} median ${String(median).padStart(7)} msg/s  (runs: ${rates.map((r) => Math.round(r)).join(', ')})`);
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const adapter = createKafkaBroker({ brokers, clientId: 'meshgate-bench' });
const kafka = new Kafka({ brokers, clientId: 'meshgate-bench-bare', logLevel: logLevel.NOTHING });
const bareIdempotent = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
const bareDefault = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
const rates = { adapter: [] as number[], bareIdempotent: [] as number[], bareDefault: [] as number[] };
try {
  await Promise.all([bareIdempotent.connect(), bareDefault.connect()]);
  // Rounds interleave the producers, each round in a rotated order, so that
  // drift in the broker's state and the machine's load hits each alike.
  const variants: [keyof typeof rates, (topic: string, i: number) => Promise<unknown>][] = [
    ['adapter', (topic, i) => adapter.produce(topic, batches[i])],
    ['bareIdempotent', (topic, i) => bareIdempotent.send({ topic, acks: -1, messages: kafkajsBatches[i] })],
    ['bareDefault', (topic, i) => bareDefault.send({ topic, acks: -1, messages: kafkajsBatches[i] })],
  ];
  for (let round = 0; round < ROUNDS; round++) {
    for (let v = 0; v < variants.length; v++) {
      const [name, send] = variants[(v + round) % variants.length];
      const topic = `${run}.r${round}.${name}`;
      await adapter.ensureTopic(topic, 4);
      rates[name].push(await measure((i) => send(topic, i)));
    }
  }
} finally {
  await Promise.allSettled([adapter.close(), bareIdempotent.disconnect(), bareDefault.disconnect()]);
}
console.log(`${total} messages of ${Buffer.byteLength(payload)} bytes, batches of ${batchSize}, 4 partitions, acks=all`);
report('meshgate Kafka adapter (idempotent)', rates.adapter);
report('bare kafkajs producer (idempotent)', rates.bareIdempotent);
report('bare kafkajs producer (not idempotent)', rates.bareDefault);

const dir = await mkdtemp(join(tmpdir(), 'meshgate-bench-'));
const local = await createLocalBroker({ dir });
try {
  const localRates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const topic = `${run}.r${round}`;
    await local.ensureTopic(topic, 4);
    localRates.push(await measure((i) => local.produce(topic, batches[i])));
  }
  report('meshgate local broker (fsync per batch)', localRates);
} finally {
  await local.close();
  await rm(dir, { recursive: true, force: true });
}

/**
 * `npm run bench:ingest`: events per second accepted over HTTP (`POST /v1/events`,
 * acks=all, idempotency claims in PostgreSQL, policy checked) against a bare
 * kafkajs idempotent producer (acks=-1) sending the same events, keys and
 * batch sizes to the same broker in the same run, and their ratio.
 * Options: --events N (100000) --batch B (500) --concurrency C (8) --json FILE --freshness.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { measureFreshness } from './freshness.ts';
import { benchProduct, makeEvents, servicesEnv, startBenchGateway } from './setup.ts';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '8' },
    json: { type: 'string' },
    freshness: { type: 'boolean', default: false },
  },
});
const total = Number(args.events);
const batchSize = Number(args.batch);
const concurrency = Number(args.concurrency);

type Event = ReturnType<typeof makeEvents>[number];

function batchesOf(events: Event[]): Event[][] {
  const batches: Event[][] = [];
  for (let i = 0; i < events.length; i += batchSize) batches.push(events.slice(i, i + batchSize));
  return batches;
}

/** Runs `work` over the batches with `concurrency` workers; returns events per second. */
async function timed(batches: Event[][], work: (batch: Event[]) => Promise<void>): Promise<{ seconds: number; eventsPerSecond: number }> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < batches.length) await work(batches[next++]!);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { seconds, eventsPerSecond: batches.reduce((n, b) => n + b.length, 0) / seconds };
}

async function main(): Promise<void> {
  const env = servicesEnv();
  const product = benchProduct();
  const gateway = await startBenchGateway(product, env, batchSize);
  const [runtime] = gateway.ingestor.datasets.filter((d) => d.name === 'viewed');
  const kafka = new Kafka({ brokers: env.kafkaBrokers, clientId: 'meshgate-bench-bare', logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  try {
    const bareTopic = `${product.name}.bare`;
    await gateway.broker.ensureTopic(bareTopic, 3);
    await producer.connect();
    const send = async (batch: unknown[]): Promise<string[]> => {
      const response = await fetch(`${gateway.url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ events: batch }),
      });
      const body = (await response.json()) as { accepted?: { eventId: string }[]; rejected?: unknown[] };
      if (response.status !== 200 || body.rejected?.length) throw new Error(`batch failed: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
      return body.accepted!.map((a) => a.eventId);
    };
    await send(makeEvents(product, batchSize)); // warm-up: topic creation, connections, JIT
    await producer.send({ topic: bareTopic, acks: -1, messages: [{ key: 'warm', value: '{}' }] });
    const events = makeEvents(product, total);
    const http = await timed(batchesOf(events), async (batch) => void (await send(batch)));
    const bare = await timed(batchesOf(events), async (batch) => {
      await producer.send({
        topic: bareTopic,
        acks: -1,
        messages: batch.map((e) => ({
          key: String(e.data.userId),
          value: JSON.stringify({ eventId: e.eventId, ...e.data }),
          headers: { eventId: e.eventId, dataset: runtime!.qualifiedName },
        })),
      });
    });
    const freshness = args.freshness ? await runFreshness(product, env, send) : undefined;
    const report = {
      events: total,
      batchSize,
      concurrency,
      http: { eventsPerSecond: Math.round(http.eventsPerSecond), seconds: Number(http.seconds.toFixed(2)) },
      bareKafkajs: { eventsPerSecond: Math.round(bare.eventsPerSecond), seconds: Number(bare.seconds.toFixed(2)) },
      ratio: Number((http.eventsPerSecond / bare.eventsPerSecond).toFixed(3)),
      freshness,
    };
    console.log(`HTTP /v1/events (acks=all, idempotent, policy): ${report.http.eventsPerSecond} events/s (${report.http.seconds}s)`);
    console.log(`bare kafkajs producer (acks=-1, idempotent):    ${report.bareKafkajs.eventsPerSecond} events/s (${report.bareKafkajs.seconds}s)`);
    console.log(`ratio HTTP / bare: ${report.ratio}`);
    if (freshness) console.log(`freshness: ${JSON.stringify(freshness)}`);
    if (args.json) await writeFile(args.json, `${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await producer.disconnect().catch(() => {});
    await gateway.close();
  }
}

async function runFreshness(product: ReturnType<typeof benchProduct>, env: ReturnType<typeof servicesEnv>, send: (events: unknown[]) => Promise<string[]>) {
  if (!measureFreshness) return { wired: false, note: 'needs the lake sink and reads: wire measureFreshness in test/bench/ingest/freshness.ts' };
  const delays = (
    await measureFreshness({
      product,
      kafkaBrokers: env.kafkaBrokers,
      databaseUrl: env.databaseUrl,
      send,
      samples: 100,
      makeEvent: () => makeEvents(product, 1)[0]!,
    })
  ).sort((a, b) => a - b);
  const at = (q: number) => delays[Math.min(delays.length - 1, Math.floor(q * delays.length))]!;
  return { wired: true, samples: delays.length, p50Ms: at(0.5), p95Ms: at(0.95) };
}

await main();

/**
 * The freshness hook of `npm run bench:ingest -- --freshness`: event sent →
 * queryable in the lake. Runs the real sink (Kafka → Parquet in versitygw,
 * rolling every second) and polls the real lake `records` resolver, as an
 * admin, for the events sent; a delay is from `send` resolving (the gateway
 * answered after Kafka's ack) to the event's first appearance in a query.
 */
import { createObjectCache, datasetRuntimes, datasetTypeNames, ensureLakeCatalog, lakeResolvers, startSink } from '../../../src/lake/index.ts';
import { createLogger } from '../../../src/observability/index.ts';
import { createPolicySet, subjectCatalog } from '../../../src/policy/index.ts';
import type { DataProduct } from '../../../src/sdk/index.ts';
import { createKafkaBroker, createPostgresPlatformDatabase, createS3ObjectStore } from '../../../src/sources/index.ts';
import { governedAs } from '../../support/governed.ts';
import { requireEnv } from '../../support/required-env.ts';

export interface FreshnessContext {
  /** The bench's data product (its datasets' topics are fresh for this run). */
  product: DataProduct;
  kafkaBrokers: string[];
  databaseUrl: string;
  /** POSTs one batch to the bench's `/v1/events` and resolves with the accepted event ids. */
  send(events: unknown[]): Promise<string[]>;
  /** A valid `viewed` event of the bench's domain with a fresh id. */
  makeEvent(): { dataset: string; eventId: string; data: Record<string, unknown> };
  samples: number;
}

export type MeasureFreshness = (ctx: FreshnessContext) => Promise<number[]>;

const ROLL_MS = 1000;
const SEND_EVERY_MS = 100;

export const measureFreshness: MeasureFreshness = async (ctx) => {
  const logger = createLogger({ level: 'warn' });
  const datasets = datasetRuntimes([ctx.product]);
  const viewed = datasets.find((d) => d.name === 'viewed')!;
  const db = createPostgresPlatformDatabase(ctx.databaseUrl);
  const broker = createKafkaBroker({ brokers: ctx.kafkaBrokers, clientId: 'meshgate-freshness', logger });
  const store = createS3ObjectStore({
    endpoint: requireEnv('MESHGATE_TEST_S3_ENDPOINT'),
    bucket: `${ctx.product.name}-lake`,
    region: requireEnv('MESHGATE_TEST_S3_REGION'),
    accessKeyId: requireEnv('MESHGATE_TEST_S3_ACCESS_KEY'),
    secretAccessKey: requireEnv('MESHGATE_TEST_S3_SECRET_KEY'),
  });
  await store.ensureBucket();
  await ensureLakeCatalog(db);
  const sink = await startSink({ datasets, broker, store, db, logger, groupId: `${ctx.product.name}-sink`, roll: { maxAgeMs: ROLL_MS } });
  const admin = createPolicySet([{ role: 'admin', rules: [{ action: 'manage', subject: 'all' }] }], subjectCatalog([ctx.product]));
  const objects = createObjectCache({ store, maxBytes: 256 * 1024 * 1024 });
  const records = lakeResolvers(ctx.product, { store, db, objects })[datasetTypeNames(viewed).dataset]!.records!;
  const visible = async (ids: string[]): Promise<Set<string>> => {
    const context = governedAs(admin.forActor({ sub: 'bench', roles: ['admin'], claims: {} }));
    const page = (await records({}, { where: { eventId: { in: ids } }, first: ids.length }, context, undefined as never)) as { nodes: { eventId: string }[] };
    return new Set(page.nodes.map((n) => n.eventId));
  };
  try {
    const sentAt = new Map<string, number>();
    const delays: number[] = [];
    const sending = (async () => {
      for (let i = 0; i < ctx.samples; i++) {
        const [id] = await ctx.send([ctx.makeEvent()]);
        sentAt.set(id!, performance.now());
        await new Promise((r) => setTimeout(r, SEND_EVERY_MS));
      }
    })();
    const deadline = performance.now() + ctx.samples * SEND_EVERY_MS + 60_000;
    while (delays.length < ctx.samples && performance.now() < deadline) {
      const pending = [...sentAt.keys()];
      if (pending.length) {
        const seen = await visible(pending);
        const now = performance.now();
        for (const id of seen) {
          delays.push(now - sentAt.get(id)!);
          sentAt.delete(id);
        }
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    await sending;
    if (delays.length < ctx.samples) throw new Error(`${ctx.samples - delays.length} events never became queryable`);
    return delays;
  } finally {
    await sink.stop();
    await objects.close();
    await broker.close();
    await store.close();
    await db.close();
  }
};

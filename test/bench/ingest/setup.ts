/** What the ingestion bench runs against: real Kafka and PostgreSQL from scripts/services.sh, an HTTP server with the event routes. */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema } from 'graphql';
import { createGatewayHttpServer, type GatewayHttpServer } from '../../../src/gateway/http/index.ts';
import { createLogger } from '../../../src/observability/index.ts';
import { createPolicySet, subjectCatalog } from '../../../src/policy/index.ts';
import { defineDataProduct, type DataProduct } from '../../../src/sdk/index.ts';
import { createKafkaBroker, createPostgresPlatformDatabase, type EventBroker, type PlatformDatabase } from '../../../src/sources/index.ts';
import { datasetRuntimes } from '../../../src/lake/datasets/index.ts';
import { createIngestor, createLakeMetrics, eventsRoutes, type Ingestor } from '../../../src/lake/ingest/index.ts';
import engagement from '../../../domains/engagement/product.ts';
import { governedAs } from '../../support/governed.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The services' environment, starting them when the variables are not set. */
export function servicesEnv(): { kafkaBrokers: string[]; databaseUrl: string } {
  if (!process.env.MESHGATE_TEST_KAFKA_BROKERS || !process.env.MESHGATE_TEST_DATABASE_URL) {
    const up = spawnSync('bash', [path.join(repoRoot, 'scripts/services.sh'), 'up'], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (up.status !== 0) throw new Error('scripts/services.sh up failed');
    const env = spawnSync('bash', [path.join(repoRoot, 'scripts/services.sh'), 'env'], { encoding: 'utf8' });
    for (const line of env.stdout.split('\n')) {
      const match = /^export ([A-Z0-9_]+)=(.*)$/.exec(line.trim());
      if (match) process.env[match[1]!] = match[2]!.replace(/^'(.*)'$/, '$1');
    }
  }
  return { kafkaBrokers: process.env.MESHGATE_TEST_KAFKA_BROKERS!.split(','), databaseUrl: process.env.MESHGATE_TEST_DATABASE_URL! };
}

/** The engagement datasets under a per-run domain name: fresh topics, nothing from earlier runs. */
export function benchProduct(): DataProduct {
  const { __validated, ...descriptor } = engagement;
  return defineDataProduct({ ...descriptor, name: `bench${Date.now().toString(36)}` });
}

export interface BenchGateway {
  url: string;
  ingestor: Ingestor;
  broker: EventBroker;
  db: PlatformDatabase;
  close(): Promise<void>;
}

export async function startBenchGateway(product: DataProduct, env: { kafkaBrokers: string[]; databaseUrl: string }, maxEvents: number): Promise<BenchGateway> {
  const logger = createLogger({ level: 'warn' });
  const broker = createKafkaBroker({ brokers: env.kafkaBrokers, clientId: 'meshgate-bench-ingest' });
  const db = createPostgresPlatformDatabase(env.databaseUrl, 20);
  const ingestor = createIngestor({
    datasets: datasetRuntimes([product]),
    broker,
    db,
    logger,
    metrics: createLakeMetrics(),
    limits: { maxEvents, maxBytes: 8 * 1024 * 1024 },
  });
  const policies = createPolicySet([{ role: 'writer', rules: [{ action: 'create', subject: '*.lake.*' }] }], subjectCatalog([product]));
  const actor = { sub: 'bench', roles: ['writer'], claims: {} };
  const schema = buildSchema('type Query { ok: Boolean }');
  const http: GatewayHttpServer = createGatewayHttpServer({
    engine: { apiSchema: schema, execute: async () => ({ data: { ok: true } }) },
    logger,
    graphiql: false,
    extraRoutes: eventsRoutes(ingestor),
    contextEnricher: (ctx) => {
      const { access, audit } = governedAs(policies.forActor(actor));
      Object.assign(ctx, { actor, access, audit });
    },
  });
  const { url } = await http.listen(0);
  return {
    url,
    ingestor,
    broker,
    db,
    async close() {
      await http.close();
      await broker.close();
      await db.close();
    },
  };
}

export function makeEvents(product: DataProduct, count: number): { dataset: string; eventId: string; data: Record<string, unknown> }[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => ({
    dataset: `${product.name}.viewed`,
    eventId: randomUUID(),
    data: {
      userId: `u${String(i % 1000).padStart(6, '0')}`,
      itemId: `i${String(i % 5000).padStart(6, '0')}`,
      occurredAt: new Date(now - (count - i) * 10).toISOString(),
      sessionId: `s${i % 3000}`,
      device: 'web',
      country: 'DE',
      durationMs: i % 60_000,
    },
  }));
}

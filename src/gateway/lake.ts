/**
 * The lake in a running gateway: its ports, the ingestor behind
 * `POST /v1/events` and `ingestEvents`, and the metrics registry. Ingestion
 * requests are governed like GraphQL ones: bearer auth, `create` per dataset,
 * one access record each.
 */
import type { IncomingMessage } from 'node:http';
import type { GraphQLError } from 'graphql';
import {
  createIngestor,
  createLakeMetrics,
  datasetRuntimes,
  ensureDatasetTopics,
  ensureLakeCatalog,
  eventsRoutes,
  attachLiveServer,
  createObjectCache,
  createRetentionMetrics,
  startRetentionJob,
  type RetentionJob,
  liveMetrics,
  liveSchema,
  partitionsSummary,
  startLiveHub,
  startSink,
  type LiveExtension,
  type LiveHub,
  type LiveServer,
  type Ingestor,
  type LakeDatasetSummary,
  type LakeMetrics,
  type ObjectCache,
  type Sink,
} from '../lake/index.ts';
import type { Logger } from '../observability/index.ts';
import { requestIdFrom, type Route } from '../routes/index.ts';
import type { Server } from 'node:http';
import type { DataProduct } from '../sdk/index.ts';
import type { PlatformDatabase } from '../sources/index.ts';
import type { GatewayConfig } from './config.ts';
import type { Governance } from './governance.ts';
import { createInputChecks, csrfRefusesUpgrade, type RequestContext } from './http/index.ts';
import type { InputChecks } from '../api/index.ts';
import { openLakeSources, type LakeSources } from './lake-sources.ts';

export interface RunningLake {
  sources: LakeSources;
  ingestor: Ingestor;
  metrics: LakeMetrics;
  routes: Route[];
  /** The sink running in this process, when configured (`MESHGATE_SINK=in-process`, the default with the local log). */
  sink: Sink | undefined;
  /** Local copies of the Parquet objects reads scan, bounded by `MESHGATE_LAKE_CACHE_BYTES`; its directory goes at close. */
  objects: ObjectCache;
  summary(domain: string, dataset: string): Promise<LakeDatasetSummary>;
  /**
   * Serves live subscriptions (graphql-ws) at `/graphql/live` on the gateway's HTTP server;
   * `documentCheck` (the safelist) may refuse a subscription's text before it is parsed.
   */
  attachLive(server: Server, documentCheck?: (query: string) => GraphQLError | undefined, extensions?: readonly LiveExtension[]): LiveServer;
  close(): Promise<void>;
}

export async function openLake(
  config: GatewayConfig,
  products: readonly DataProduct[],
  db: PlatformDatabase,
  governance: Governance,
  logger: Logger,
): Promise<RunningLake> {
  const sources = await openLakeSources(config.lake, logger);
  try {
    const datasets = datasetRuntimes(products);
    await ensureDatasetTopics(sources.broker, datasets);
    await ensureLakeCatalog(db);
    const metrics = createLakeMetrics();
    const hub: LiveHub = await startLiveHub({ datasets, broker: sources.broker, logger, metrics: liveMetrics(metrics.registry) });
    const sink = config.lake.sinkInProcess
      ? await startSink({ datasets, broker: sources.broker, store: sources.store, db, logger, metrics: metrics.registry })
      : undefined;
    const ingestor = createIngestor({ datasets, broker: sources.broker, db, logger, metrics, limits: config.ingestLimits });
    // Ingestion is governed by the gateway's HTTP server (the enricher and access record GraphQL gets).
    const routes: Route[] = [
      ...eventsRoutes(ingestor),
      {
        method: 'GET',
        path: '/metrics',
        governance: 'public',
        async handle(exchange) {
          await exchange.send(200, await metrics.registry.metrics(), { 'content-type': metrics.registry.contentType });
        },
      },
    ];
    const objects = createObjectCache({ store: sources.store, maxBytes: config.lake.cacheBytes });
    const retention = await startRetention(config, datasets, db, sources, logger, metrics);
    return {
      sources,
      ingestor,
      metrics,
      routes,
      sink,
      objects,
      summary: (domain, dataset) => partitionsSummary(db, domain, dataset),
      attachLive: (server, documentCheck, extensions = []) =>
        attachLiveServer({
          server,
          hub,
          schema: liveSchema(datasets, extensions),
          logger,
          inputChecks: withDocumentCheck(createInputChecks(config.maxInputDepth, config.operationLimits), documentCheck),
          authenticate: async ({ authorization, request }) => {
            const ctx = requestContext(request, logger);
            ctx.headers = { ...ctx.headers, authorization };
            return governance.enrich(ctx);
          },
          onSubscribe: (ctx, outcome) => governance.complete(ctx, outcome),
          acceptsUpgrade: (request) => !csrfRefusesUpgrade(config.http.csrfPrevention, config.http.cors, request.headers, config.http.tls !== undefined),
        }),
      async close() {
        await retention?.stop();
        await hub.close();
        await sink?.stop();
        await objects.close();
        await sources.close();
      },
    };
  } catch (error) {
    await sources.close();
    throw error;
  }
}

function withDocumentCheck(checks: InputChecks, documentCheck: ((query: string) => GraphQLError | undefined) | undefined): InputChecks {
  return documentCheck ? { ...checks, beforeParse: (query) => documentCheck(query) ?? checks.beforeParse(query) } : checks;
}

/** The retention job (`MESHGATE_LAKE_RETENTION_INTERVAL_SECONDS`, 0 = none: run `meshgate lake retention` instead). */
async function startRetention(
  config: GatewayConfig,
  datasets: ReturnType<typeof datasetRuntimes>,
  db: PlatformDatabase,
  sources: LakeSources,
  logger: Logger,
  metrics: LakeMetrics,
): Promise<RetentionJob | undefined> {
  if (config.retention.intervalSeconds === 0) return undefined;
  return startRetentionJob({
    db,
    store: sources.store,
    datasets,
    logger,
    dedupDays: config.retention.dedupDays,
    intervalSeconds: config.retention.intervalSeconds,
    metrics: createRetentionMetrics(metrics.registry),
  });
}

function requestContext(req: IncomingMessage, logger: Logger): RequestContext {
  return {
    requestId: requestIdFrom(req.headers['x-request-id']),
    startedAt: Date.now(),
    headers: req.headers as Record<string, string | undefined>,
    ip: req.socket.remoteAddress,
    userAgent: req.headers['user-agent'],
    operationName: `${req.method} ${req.url?.split('?')[0]}`,
    logger,
  };
}

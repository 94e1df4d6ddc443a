/**
 * The lake in a running gateway: its ports, the ingestor behind
 * `POST /v1/events` and `ingestEvents`, and the metrics registry. Ingestion
 * requests are governed like GraphQL ones: bearer auth, `create` per dataset,
 * one access record each.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createIngestor,
  createLakeMetrics,
  datasetRuntimes,
  ensureDatasetTopics,
  ensureLakeCatalog,
  eventsRoutes,
  attachLiveServer,
  liveMetrics,
  liveSchema,
  partitionsSummary,
  startLiveHub,
  startSink,
  type LiveContext,
  type LiveHub,
  type LiveServer,
  type IngestContext,
  type Ingestor,
  type LakeDatasetSummary,
  type LakeMetrics,
  type Sink,
} from '../lake/index.ts';
import type { Logger } from '../observability/index.ts';
import type { Server } from 'node:http';
import type { DataProduct } from '../sdk/index.ts';
import type { PlatformDatabase } from '../sources/index.ts';
import type { GatewayConfig } from './config.ts';
import type { Governance } from './governance.ts';
import { createInputChecks, type ExtraRoute, type RequestContext } from './http/index.ts';
import { openLakeSources, type LakeSources } from './lake-sources.ts';

export interface RunningLake {
  sources: LakeSources;
  ingestor: Ingestor;
  metrics: LakeMetrics;
  routes: ExtraRoute[];
  /** The sink running in this process, when configured (`MESHGATE_SINK=in-process`, the default with the local log). */
  sink: Sink | undefined;
  /** Where Parquet objects fetched for reads are cached. */
  tempDir: string;
  summary(domain: string, dataset: string): Promise<LakeDatasetSummary>;
  /** Serves live subscriptions (graphql-ws) at `/graphql/live` on the gateway's HTTP server. */
  attachLive(server: Server): LiveServer;
  close(): Promise<void>;
}

export async function openLake(config: GatewayConfig, products: readonly DataProduct[], db: PlatformDatabase, governance: Governance, logger: Logger): Promise<RunningLake> {
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
    const routes: ExtraRoute[] = [
      ...eventsRoutes<RequestContext & IngestContext>(ingestor, {
        authenticate: async (req) => {
          const ctx = requestContext(req, logger);
          await governance.enrich(ctx);
          return ctx;
        },
        onComplete: (ctx, outcome) => governance.complete(ctx, { status: outcome.status, error: outcome.error }),
        logger,
      }),
      {
        method: 'GET',
        path: '/metrics',
        async handle(_req, res) {
          res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(await metrics.registry.metrics());
        },
      },
    ];
    return {
      sources,
      ingestor,
      metrics,
      routes,
      sink,
      tempDir: mkdtempSync(path.join(tmpdir(), 'meshgate-lake-reads-')),
      summary: (domain, dataset) => partitionsSummary(db, domain, dataset),
      attachLive: (server) =>
        attachLiveServer<RequestContext & LiveContext>({
          server,
          hub,
          schema: liveSchema(datasets),
          logger,
          inputChecks: createInputChecks(config.maxInputDepth),
          authenticate: async ({ authorization, request }) => {
            const ctx = requestContext(request, logger);
            ctx.headers = { ...ctx.headers, authorization };
            await governance.enrich(ctx);
            return ctx as RequestContext & LiveContext;
          },
          onSubscribe: (ctx, outcome) => governance.complete(ctx, outcome),
        }),
      async close() {
        await hub.close();
        await sink?.stop();
        await sources.close();
      },
    };
  } catch (error) {
    await sources.close();
    throw error;
  }
}

function requestContext(req: IncomingMessage, logger: Logger): RequestContext {
  const incoming = req.headers['x-request-id'];
  return {
    requestId: typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID(),
    startedAt: Date.now(),
    headers: req.headers as Record<string, string | undefined>,
    ip: req.socket.remoteAddress,
    userAgent: req.headers['user-agent'],
    operationName: `${req.method} ${req.url?.split('?')[0]}`,
    logger,
  };
}

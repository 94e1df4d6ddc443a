/**
 * Starts a gateway from its configuration: open the profile's sources,
 * load and check the domains, seed when asked and empty, compose the mesh,
 * serve HTTP. `close()` undoes it all in reverse order.
 */
import type { AuditAnchor } from '../audit/index.ts';
import type { Logger } from '../observability/index.ts';
import { ensureCollections, needsSeed, seedDataProducts, type SeedProgress } from '../operational/index.ts';
import type { DataProduct } from '../sdk/index.ts';
import type { GatewayConfig } from './config.ts';
import { createGatewayHttpServer } from './http/index.ts';
import { loadDomains } from './load-domains.ts';
import { startGatewayAuditAnchor } from './audit-anchor.ts';
import { openGovernance, type Governance } from './governance.ts';
import { openLake, type RunningLake } from './lake.ts';
import { buildMesh, type Mesh } from './mesh.ts';
import { costExplainer, createCostControl } from './cost.ts';
import type { RequestContext } from './http/index.ts';
import { openSources, type ProfileSources } from './sources.ts';
import { SEED_HISTORY_DAYS, seedHistory } from './seed-history.ts';
import { openPipelines, type RunningPipelines } from './pipelines.ts';
import { pipelineRunSubscription } from '../pipelines/index.ts';
import { needsEventHistory } from '../lake/index.ts';
import { liveDocumentCheck, loadTrustedManifest, openTrustedDocuments } from './trusted-documents/index.ts';

export interface RunningGateway {
  url: string;
  mesh: Mesh;
  products: DataProduct[];
  sources: ProfileSources;
  governance: Governance;
  lake: RunningLake;
  /** The pipeline engine (a worker in process unless MESHGATE_PIPELINE_WORKER=off) and what the API shows of the pipelines. */
  pipelines: RunningPipelines;
  /** Digests and retention of the access log (their last digest is written at close). */
  auditAnchor: AuditAnchor;
  close(): Promise<void>;
}

export interface StartOptions {
  logger: Logger;
  /** Seed the demo data at `config.seedScale` when any seeded entity is empty. */
  seedIfEmpty?: boolean;
  seedProgress?: SeedProgress;
}

export async function startGateway(config: GatewayConfig, options: StartOptions): Promise<RunningGateway> {
  const { logger } = options;
  const products = await loadDomains(config.domainsDir);
  // A bad manifest stops start-up before any source opens.
  const { manifestFile } = config.trustedDocuments;
  const manifest = manifestFile ? loadTrustedManifest(manifestFile) : new Map<string, string>();
  const sources = await openSources(config.profile);
  let governance: Governance | undefined;
  let lake: RunningLake | undefined;
  let anchor: AuditAnchor | undefined;
  let pipelines: RunningPipelines | undefined;
  try {
    await ensureCollections(products, sources.resolve);
    if (options.seedIfEmpty && (await needsSeed(products, sources.resolve))) {
      logger.info({ scale: config.seedScale }, 'seeding demo data');
      await seedDataProducts(products, { scale: config.seedScale, sources: sources.resolve, progress: options.seedProgress });
    }
    governance = await openGovernance(config, products, sources.platform, logger);
    lake = await openLake(config, products, sources.platform, governance, logger);
    if (options.seedIfEmpty && (await needsEventHistory(products, sources.platform))) {
      logger.info({ scale: config.seedScale, days: SEED_HISTORY_DAYS }, 'seeding demo event history');
      await seedHistory(products, { governance, lake, scale: config.seedScale, progress: options.seedProgress });
    }
    pipelines = await openPipelines(config, products, { sources, governance, lake, logger });
    const costs = createCostControl({
      products,
      db: sources.platform,
      policies: governance.policies,
      defaultBudget: config.defaultCostBudget,
      maxPageSize: config.maxPageSize,
    });
    const explainFor = costExplainer(config, costs, () => mesh.executor.apiSchema);
    anchor = startGatewayAuditAnchor(config, sources.platform, lake.sources.store, governance.auditLog, logger);
    const auditAnchor = anchor;
    const mesh = await buildMesh({
      products,
      sources: sources.resolve,
      remotes: config.remoteSubgraphs,
      maxPageSize: config.maxPageSize,
      platform: {
        policies: governance.policies,
        auditLog: governance.auditLog,
        ingestor: lake.ingestor,
        lakeSummary: lake.summary,
        explainCost: (context, args) => explainFor(context as RequestContext, args),
        pipelines: pipelines.api,
      },
      lake: { store: lake.sources.store, db: sources.platform, objects: lake.objects },
    });
    const trustedDocuments = await openTrustedDocuments({ ...config.trustedDocuments, manifest }, { db: sources.platform, logger });
    const gov = governance;
    const runningLake = lake;
    const runningPipelines = pipelines;
    const http = createGatewayHttpServer({
      engine: mesh.executor,
      logger,
      maxInputDepth: config.maxInputDepth,
      operationLimits: config.operationLimits,
      maxBodyBytes: config.maxBodyBytes,
      costCheck: (ctx, request) => costs.check(ctx, request),
      trustedDocuments,
      contextEnricher: async (ctx) => void (await gov.enrich(ctx)),
      onOperationComplete: (ctx, outcome) => gov.complete(ctx, outcome),
      extraRoutes: runningLake.routes,
      cors: config.http.cors,
      csrfPrevention: config.http.csrfPrevention,
      tls: config.http.tls,
      readiness: async () => {
        const [relational, documents] = await Promise.all([sources.relational.ping(), sources.documents.ping()]);
        return { ready: relational && documents, checks: { relational, documents } };
      },
    });
    const live = runningLake.attachLive(http.server, liveDocumentCheck(config.trustedDocuments.mode, manifest), [
      pipelineRunSubscription(runningPipelines.engine),
    ]);
    const { url } = await http.listen(config.port, config.host);
    logger.info({ url: `${url}/graphql`, profile: config.profile.kind, subgraphs: mesh.subgraphs }, 'meshgate gateway listening');
    return {
      url,
      mesh,
      products,
      sources,
      governance: gov,
      lake: runningLake,
      pipelines: runningPipelines,
      auditAnchor,
      async close() {
        await live.close();
        await http.close();
        await runningPipelines.close();
        await auditAnchor.close();
        await runningLake.close();
        await gov.close();
        await sources.close();
      },
    };
  } catch (error) {
    await pipelines?.close();
    await anchor?.close();
    await lake?.close();
    await governance?.close();
    await sources.close();
    throw error;
  }
}

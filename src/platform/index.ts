/**
 * The built-in `platform` subgraph: the catalog of the mesh, policy
 * administration and the access log; pipeline runs join it later.
 */
import { auditLogResolvers, auditLogTypeDefs, type AuditLog } from '../audit/index.ts';
import { buildSubgraphSchema } from '../federation/index.ts';
import { forbidden, governedContext, ruleName, touch } from '../governed/index.ts';
import { JSONScalar, MeshgateError } from '../api/index.ts';
import { collectionSpecOf, type LocalSubgraph } from '../operational/index.ts';
import { ingestResolvers, ingestTypeDefs, type Ingestor, type LakeDatasetSummary } from '../lake/index.ts';
import { pipelinesResolvers, pipelinesTypeDefs, type PipelinesApiOptions } from '../pipelines/index.ts';
import { policyAdminResolvers, policyAdminTypeDefs, type PolicyStore } from '../policy/index.ts';
import type { DataProduct } from '../sdk/index.ts';
import { renderFilter, type Filter } from '../sources/index.ts';
import { noPipelineEngine } from '../pipelines/index.ts';
import { catalogEntry, remoteCatalogEntry, type RemoteProduct } from './catalog.ts';
import { CATALOG_SDL, PLATFORM_SUBGRAPH } from './catalog-sdl.ts';
import { COST_SDL, type CostExplanation, type ExplainCostArgs } from './cost-sdl.ts';

export type { RemoteProduct } from './catalog.ts';
export { PLATFORM_SUBGRAPH } from './catalog-sdl.ts';
export type { CostExplanation, ExplainCostArgs } from './cost-sdl.ts';

/** The platform's SDL: static, so `meshgate compose` needs no running services. */
export const PLATFORM_SDL = `${CATALOG_SDL}\ntype Mutation {\n  "The platform's version (a mutation root must have a field)."\n  platformVersion: String!\n}\n\n${policyAdminTypeDefs}\n${auditLogTypeDefs}\n${ingestTypeDefs}\n${COST_SDL}\n${pipelinesTypeDefs}`;

export interface PlatformServices {
  policies: PolicyStore;
  auditLog: AuditLog;
  ingestor: Ingestor;
  /** What the lake holds of a dataset (files, rows, bytes, event-time range), from the partition catalog. */
  lakeSummary(domain: string, dataset: string): Promise<LakeDatasetSummary>;
  /** The estimate of an operation for the request's caller (`explainCost`); its errors are the caller's (coded). */
  explainCost?(context: unknown, args: ExplainCostArgs): Promise<CostExplanation>;
  /** The pipeline engine and the declared pipelines; without it every pipeline operation is refused. */
  pipelines?: PipelinesApiOptions;
}

export function buildPlatformSubgraph(products: readonly DataProduct[], remotes: readonly RemoteProduct[], services: PlatformServices): LocalSubgraph {
  const catalog = [...products.map(catalogEntry), ...remotes.map(remoteCatalogEntry)];
  const governed = (context: unknown) => governedContext(context, 'platform operations');
  const policyAdmin = policyAdminResolvers(services.policies, services.policies.current().catalog, (context) => governed(context).access, {
    renderFilter: filterRenderer(products),
    onAccess: (context, access) =>
      touch(governed(context), 'platform', access.action, {
        domain: 'platform',
        subject: access.subject,
        fields: access.role ? [access.role] : [],
        rows: 0,
        decision: access.decision,
        rule: ruleName(access.rule),
      }),
  });
  const auditLog = auditLogResolvers(services.auditLog, (context) => {
    const request = governed(context);
    const decided = request.access.can('read', 'platform.AuditLog');
    touch(request, 'platform', 'read', {
      domain: 'platform',
      subject: 'platform.AuditLog',
      fields: [],
      rows: 0,
      decision: decided.allowed ? 'allow' : 'deny',
      rule: ruleName(decided.rule),
    });
    if (!decided.allowed) throw forbidden('Forbidden: reading the access log needs read on platform.AuditLog.');
  });
  const ingest = ingestResolvers(services.ingestor);
  const pipelines = pipelinesResolvers(services.pipelines ?? { engine: noPipelineEngine(), pipelines: [] });
  const schema = buildSubgraphSchema(PLATFORM_SDL, {
    JSON: JSONScalar,
    Query: {
      dataProducts: () => catalog,
      dataProduct: (_: unknown, args: { name: string }) => catalog.find((p) => p.name === args.name) ?? null,
      ...policyAdmin.Query,
      ...auditLog.Query,
      ...pipelines.Query,
      explainCost: (_: unknown, args: ExplainCostArgs, context: unknown) => {
        if (!services.explainCost) throw new MeshgateError('This gateway does not estimate costs.', { code: 'BAD_REQUEST' });
        return services.explainCost(context, args);
      },
    },
    DatasetInfo: {
      lake: async (dataset: { domain: string; name: string }) => {
        const summary = await services.lakeSummary(dataset.domain, dataset.name);
        return { ...summary, minTime: summary.minTime?.toISOString() ?? null, maxTime: summary.maxTime?.toISOString() ?? null };
      },
    },
    Mutation: { platformVersion: () => '0.1.0', ...policyAdmin.Mutation, ...ingest.Mutation, ...pipelines.Mutation },
    ...withoutRoots(policyAdmin),
    ...withoutRoots(auditLog),
    ...withoutRoots(ingest),
  });
  return { name: PLATFORM_SUBGRAPH, typeDefs: PLATFORM_SDL, schema };
}

/** Shows an entity's row filter as its store runs it: SQL for PostgreSQL-sourced entities, Mongo for the others. */
function filterRenderer(products: readonly DataProduct[]) {
  return (subject: string, filter: Filter) => {
    const [domain, name] = subject.split('.');
    const entity = products.find((p) => p.name === domain)?.operational?.entities[name ?? ''];
    if (!entity || subject.split('.').length !== 2) return undefined;
    try {
      const rendered = renderFilter(collectionSpecOf(entity), filter, entity.source.kind);
      return rendered.kind === 'sql' ? { sql: rendered.where, sqlParams: rendered.params } : { mongo: rendered.filter };
    } catch {
      return undefined; // a filter the store cannot express fails closed when run; there is nothing to show
    }
  };
}

function withoutRoots(resolvers: Record<string, unknown>): Record<string, unknown> {
  const { Query: _q, Mutation: _m, ...rest } = resolvers;
  return rest;
}

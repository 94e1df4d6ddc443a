/**
 * One gateway process for the governance benchmark.
 * `governed`: the real `startGateway` (bearer auth, policies, strict access log).
 * `ungoverned`: the same mesh and HTTP server, but every request reads as
 * allow-all with nothing recorded — the baseline the cost is measured against.
 * Never a product mode: it exists only in this benchmark.
 */
import { buildMesh, configFromEnv, loadDomains, openGovernance, openLake, openSources, startGateway } from '../../../src/gateway/index.ts';
import { createGatewayHttpServer } from '../../../src/gateway/http/index.ts';
import type { AccessCollector } from '../../../src/audit/index.ts';
import type { GovernedContext } from '../../../src/governed/index.ts';
import { createLogger } from '../../../src/observability/index.ts';
import type { AccessDecider, FieldAccess } from '../../../src/policy/index.ts';

const EVERY_FIELD: FieldAccess = { allowed: () => true, needsRowCheck: () => false, allowedOnRow: () => true, rule: () => undefined };
const ALLOW_ALL: AccessDecider = {
  actor: { sub: null, roles: [], claims: {} },
  rowFilter: () => ({ filter: { op: 'const', value: true }, rules: [] }),
  fieldAccess: () => EVERY_FIELD,
  fieldFilter: () => ({ op: 'const', value: true }),
  can: () => ({ allowed: true }),
};
const NOTHING_RECORDED: AccessCollector = { touch: () => {}, resources: () => [] };

const mode = process.argv[2];
const config = configFromEnv();
const logger = createLogger({ level: 'warn' });
if (mode === 'governed') {
  const gateway = await startGateway(config, { logger });
  process.stdout.write(`READY ${gateway.url}\n`);
} else if (mode === 'ungoverned') {
  const products = await loadDomains(config.domainsDir);
  const sources = await openSources(config.profile);
  const governance = await openGovernance(config, products, sources.platform, logger);
  const lake = await openLake(config, products, sources.platform, governance, logger);
  const mesh = await buildMesh({
    products,
    sources: sources.resolve,
    remotes: [],
    maxPageSize: config.maxPageSize,
    platform: { policies: governance.policies, auditLog: governance.auditLog, ingestor: lake.ingestor, lakeSummary: lake.summary },
    lake: { store: lake.sources.store, db: sources.platform, objects: lake.objects },
  });
  const allowAll = (ctx: { requestId: string }): GovernedContext => ({
    requestId: ctx.requestId,
    actor: ALLOW_ALL.actor,
    access: ALLOW_ALL,
    audit: NOTHING_RECORDED,
  });
  const http = createGatewayHttpServer({ engine: mesh.executor, logger, contextEnricher: (ctx) => void Object.assign(ctx, allowAll(ctx)) });
  const { url } = await http.listen(config.port, config.host);
  process.stdout.write(`READY ${url}\n`);
} else {
  process.stderr.write('usage: serve.ts governed|ungoverned\n');
  process.exit(2);
}

/**
 * One gateway process for the governance benchmark.
 * `governed`: the real `startGateway` (bearer auth, policies, strict access log).
 * `ungoverned`: the same mesh and HTTP server, but every request reads as
 * allow-all with nothing recorded — the baseline the cost is measured against.
 * Never a product mode: it exists only in this benchmark.
 */
import { buildMesh, configFromEnv, loadDomains, openGovernance, openLake, openSources, startGateway } from '../../../src/gateway/index.ts';
import { createGatewayHttpServer } from '../../../src/gateway/http/index.ts';
import { createLogger } from '../../../src/observability/index.ts';
import type { OperationalAccess } from '../../../src/operational/index.ts';

const ALLOW_ALL: OperationalAccess = {
  rowFilter: () => ({ filter: { op: 'const', value: true } }),
  fieldCheck: () => ({ allowed: () => true, needsRowCheck: () => false, allowedOnRow: () => true, ruleFor: () => undefined }),
  touch: () => {},
};

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
  const http = createGatewayHttpServer({ engine: mesh.executor, logger, contextEnricher: (ctx) => void (ctx.operationalAccess = ALLOW_ALL) });
  const { url } = await http.listen(config.port, config.host);
  process.stdout.write(`READY ${url}\n`);
} else {
  process.stderr.write('usage: serve.ts governed|ungoverned\n');
  process.exit(2);
}

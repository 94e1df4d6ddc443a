/** The `meshgate` subcommands; each is a small function over the engine's modules. */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { archiveRecords, runAuditVerify } from '../audit/index.ts';
import { devSecret, mintToken } from '../auth/index.ts';
import {
  composeLocalSupergraph,
  configFromEnv,
  httpHygieneFrom,
  loadDomains,
  openAuditStore,
  openLakeSources,
  openGovernance,
  openLake,
  openSources,
  seedHistory,
  signingKeyFor,
  startGateway,
  startSupergraphGateway,
  verifyKeyFor,
} from '../gateway/index.ts';
import { DEFAULT_SINK_GROUP, datasetRuntimes, ensureLakeCatalog, runLakeRetention, runSinkCommand } from '../lake/index.ts';
import { createLogger } from '../observability/index.ts';
import type { GatewayConfig, ProfileSources } from '../gateway/index.ts';
import type { DataProduct } from '../sdk/index.ts';
import { ensureCollections, seedDataProducts } from '../operational/index.ts';
import { archiveProgressBar, retentionProgressBar, seedProgressBar } from './progress.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SUPERGRAPH_FILE = path.join(repoRoot, 'schema/supergraph.graphql');

export async function serve(options: { seedIfEmpty: boolean; port?: string; host?: string; supergraph?: string }): Promise<void> {
  if (options.supergraph) return serveSupergraph(options.supergraph, options);
  const config = configFromEnv({ ...process.env, ...(options.port ? { PORT: options.port } : {}), ...(options.host ? { HOST: options.host } : {}) });
  const logger = createLogger({ level: config.logLevel as never });
  const gateway = await startGateway(config, { logger, seedIfEmpty: options.seedIfEmpty, seedProgress: seedProgressBar() });
  process.stdout.write(`\nmeshgate is serving ${gateway.url}/graphql (GraphiQL in a browser at ${gateway.url}/graphiql)\n`);
  const stop = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await gateway.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

/** Federation mode: PORT/HOST/LOG_LEVEL from the environment, like the domain mode. */
async function serveSupergraph(file: string, options: { port?: string; host?: string }): Promise<void> {
  const logger = createLogger({ level: (process.env.LOG_LEVEL ?? 'info') as never });
  const gateway = await startSupergraphGateway({
    supergraphSdl: readFileSync(file, 'utf8'),
    port: Number(options.port ?? process.env.PORT ?? 4000),
    host: options.host ?? process.env.HOST ?? '127.0.0.1',
    logger,
    http: httpHygieneFrom(process.env, process.cwd()),
  });
  process.stdout.write(`meshgate is serving ${file} at ${gateway.url}/graphql\n`);
  const stop = () => void gateway.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export async function compose(options: { check: boolean; out: string }): Promise<void> {
  const config = configFromEnv();
  const sdl = composeLocalSupergraph(await loadDomains(config.domainsDir));
  if (options.check) {
    let current = '';
    try {
      current = readFileSync(options.out, 'utf8');
    } catch {}
    if (current !== sdl) {
      process.stderr.write(`${options.out} is stale: run \`npx meshgate compose\` and commit it\n`);
      process.exitCode = 1;
      return;
    }
    process.stdout.write(`${options.out} is up to date\n`);
    return;
  }
  writeFileSync(options.out, sdl);
  process.stdout.write(`wrote ${options.out} (${sdl.length} bytes)\n`);
}

export async function seed(options: { scale: string }): Promise<void> {
  const scale = Number(options.scale);
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`--scale must be a positive number, got "${options.scale}"`);
  const config = configFromEnv();
  const products = await loadDomains(config.domainsDir);
  const sources = await openSources(config.profile);
  try {
    await ensureCollections(products, sources.resolve);
    const started = Date.now();
    const written = await seedDataProducts(products, { scale, sources: sources.resolve, progress: seedProgressBar() });
    const rows = Object.values(written).reduce((a, b) => a + b, 0);
    process.stdout.write(`seeded ${rows} rows at scale ${scale} in ${((Date.now() - started) / 1000).toFixed(1)} s (${config.profile.kind} profile)\n`);
    for (const [entity, count] of Object.entries(written)) process.stdout.write(`  ${entity}: ${count}\n`);
    await seedEventHistoryOf(config, products, sources, scale);
  } finally {
    await sources.close();
  }
}

/** The demo event history, through the gateway's ingestor (the sink lands it: in this process with the local log, else `meshgate sink`). */
async function seedEventHistoryOf(config: GatewayConfig, products: DataProduct[], sources: ProfileSources, scale: number): Promise<void> {
  const logger = createLogger({ level: 'warn' });
  const governance = await openGovernance(config, products, sources.platform, logger);
  const lake = await openLake(config, products, sources.platform, governance, logger);
  try {
    const started = Date.now();
    const outcome = await seedHistory(products, { governance, lake, scale, progress: seedProgressBar() });
    const accepted = Object.values(outcome).reduce((sum, o) => sum + o.accepted, 0);
    const duplicates = Object.values(outcome).reduce((sum, o) => sum + o.duplicates, 0);
    process.stdout.write(
      `sent ${accepted} events (${duplicates} already there) in ${((Date.now() - started) / 1000).toFixed(1)} s; the lake sink lands them\n`,
    );
    for (const [dataset, o] of Object.entries(outcome)) process.stdout.write(`  ${dataset}: ${o.accepted} new, ${o.duplicates} already there\n`);
  } finally {
    await lake.close();
    await governance.close();
  }
}

export function services(args: string[]): void {
  const result = spawnSync('bash', [path.join(repoRoot, 'scripts/services.sh'), ...args], { stdio: 'inherit' });
  process.exitCode = result.status ?? 1;
}

export async function token(options: { role: string[]; sub: string; claim: string[]; expires: string }): Promise<void> {
  const config = configFromEnv();
  const secret = config.authEnv.AUTH_JWT_SECRET ?? (config.profile.kind === 'embedded' ? devSecret(config.profile.dataDir) : undefined);
  if (!secret) throw new Error('minting tokens needs AUTH_JWT_SECRET, or the embedded profile (its development secret)');
  const claims: Record<string, unknown> = {};
  for (const pair of options.claim) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new Error(`--claim "${pair}" must be key=value`);
    claims[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const jwt = await mintToken(secret, {
    sub: options.sub,
    roles: options.role,
    claims,
    expiresIn: options.expires,
    issuer: config.authEnv.AUTH_ISSUER,
    audience: config.authEnv.AUTH_AUDIENCE,
  });
  process.stdout.write(`${jwt}\n`);
}

/** Checks the table, the archived ranges in the lake and the signed digests (when a verify key is configured). */
export async function auditVerify(): Promise<void> {
  const config = configFromEnv();
  const verifyKey = verifyKeyFor(config);
  const sources = await openSources(config.profile);
  const lake = await openAuditStore(config.lake.store);
  try {
    process.exitCode = await runAuditVerify(sources.platform, process.stdout, {
      store: lake.store,
      verifyKey,
      digestIntervalMs: config.auditAnchor.digestIntervalSeconds * 1000,
    });
  } finally {
    await lake.close();
    await sources.close();
  }
}

/** Moves the records older than MESHGATE_AUDIT_RETENTION_DAYS (or --days) to the lake, as the gateway does hourly. */
export async function auditArchive(options: { days?: string }): Promise<void> {
  const config = configFromEnv(options.days ? { ...process.env, MESHGATE_AUDIT_RETENTION_DAYS: options.days } : process.env);
  const retentionDays = config.auditAnchor.retentionDays;
  if (retentionDays === undefined) throw new Error('archiving needs MESHGATE_AUDIT_RETENTION_DAYS or --days <n>: without it records are kept forever');
  const anchored = signingKeyFor(config) !== undefined;
  const sources = await openSources(config.profile);
  const lake = await openAuditStore(config.lake.store);
  const bar = archiveProgressBar();
  try {
    const ranges = await archiveRecords({ db: sources.platform, store: lake.store, retentionDays, anchored, onProgress: bar.update });
    bar.stop();
    const records = ranges.reduce((sum, range) => sum + range.lastSeq - range.firstSeq + 1, 0);
    process.stdout.write(`archived ${records} access records older than ${retentionDays} days in ${ranges.length} Parquet objects\n`);
    for (const range of ranges) process.stdout.write(`  seq ${range.firstSeq}..${range.lastSeq} → ${range.key}\n`);
  } finally {
    bar.stop();
    await lake.close();
    await sources.close();
  }
}

export async function sink(options: { group?: string }): Promise<void> {
  const config = configFromEnv();
  const logger = createLogger({ level: config.logLevel as never });
  const products = await loadDomains(config.domainsDir);
  const sources = await openSources(config.profile);
  const lake = await openLakeSources(config.lake, logger);
  try {
    await ensureLakeCatalog(sources.platform);
    process.stdout.write(`meshgate sink: ${config.lake.broker.kind} → ${config.lake.store.kind}, consumer group ${options.group ?? DEFAULT_SINK_GROUP}\n`);
    await runSinkCommand({
      datasets: datasetRuntimes(products),
      broker: lake.broker,
      store: lake.store,
      db: sources.platform,
      logger,
      groupId: options.group,
      crashAt: process.env.MESHGATE_SINK_CRASH_AT,
    });
  } finally {
    await lake.close();
    await sources.close();
  }
}

/** `meshgate lake retention [--dry-run]`: one retention run, as the gateway's job does it; prints what went (or would go). */
export async function lakeRetention(options: { dryRun: boolean }): Promise<void> {
  const config = configFromEnv();
  const logger = createLogger({ level: config.logLevel as never });
  const products = await loadDomains(config.domainsDir);
  const sources = await openSources(config.profile);
  const lake = await openLakeSources(config.lake, logger);
  try {
    await ensureLakeCatalog(sources.platform);
    const report = await runLakeRetention({
      db: sources.platform,
      store: lake.store,
      datasets: datasetRuntimes(products),
      logger,
      dedupDays: config.retention.dedupDays,
      dryRun: options.dryRun,
      progress: retentionProgressBar(),
    });
    const verb = report.dryRun ? 'would remove' : 'removed';
    for (const d of report.datasets) {
      process.stdout.write(
        `${d.dataset}: ${verb} ${d.files} files (${d.rows} rows, ${d.bytes} bytes) older than ${d.cutoff.toISOString()} (${d.retentionDays} days)\n`,
      );
    }
    process.stdout.write(
      `ingestion claims: ${verb} ${report.claimsExpired} older than ${report.claimsCutoff.toISOString()} (${config.retention.dedupDays} days)\n`,
    );
  } finally {
    await lake.close();
    await sources.close();
  }
}

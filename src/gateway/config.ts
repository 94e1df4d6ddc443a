/**
 * Gateway configuration from the environment. The profile is a
 * discriminated union: `embedded` when no service URL is set, `services`
 * when the databases are given. Bad values fail start-up with the variable
 * name and what is allowed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../common/index.ts';
import type { OperationLimits } from './http/index.ts';
import { operationLimitsFrom, rateLimitFrom, trustedDocumentsFrom, type RateLimit, type TrustedDocumentsConfig } from './config-protection.ts';
import { integer, number, type Env } from './config-values.ts';
import { httpHygieneFrom, type HttpHygieneConfig } from './config-http.ts';
import { kafkaSecurityFrom, mongoTlsCaFileFrom, postgresConnectionFrom, s3CaFrom, type KafkaSecurity } from './config-tls.ts';
import type { PostgresConnection } from '../sources/index.ts';

/** services: `database` carries the TLS decided from `DATABASE_URL` and `MESHGATE_DATABASE_CA_FILE`; `mongoTlsCAFile` is `MESHGATE_MONGO_CA_FILE`. */
export type Profile =
  | { kind: 'embedded'; dataDir: string }
  | { kind: 'services'; database: PostgresConnection; mongoUrl: string; mongoDatabase: string; mongoTlsCAFile?: string };

/**
 * Where the lake lives. Each port picks its adapter from its own variables:
 * Kafka when `KAFKA_BROKERS` is set, else the local file-backed log under the
 * data directory; S3 when `S3_ENDPOINT` is set, else s3rver in process.
 */
export interface LakeConfig {
  broker: ({ kind: 'kafka'; brokers: string[] } & KafkaSecurity) | { kind: 'local'; dir: string };
  store:
    | {
        kind: 's3';
        endpoint: string;
        bucket: string;
        region: string;
        accessKeyId: string;
        secretAccessKey: string;
        sse?: 'AES256' | 'aws:kms';
        kmsKeyId?: string;
        /** `S3_CA_FILE`: the private CA (PEM) of an https endpoint. */
        ca?: string;
      }
    | { kind: 'embedded'; dir: string; bucket: string };
  /** Run the Kafka→S3 sink inside the gateway (the default with the local broker); else run `meshgate sink`. */
  sinkInProcess: boolean;
  /** The most bytes of Parquet objects kept on local disk for reads (`MESHGATE_LAKE_CACHE_BYTES`, default 1 GiB). */
  cacheBytes: number;
}

export interface RemoteSubgraphConfig {
  name: string;
  url: string;
  /** Prefixes every type the remote defines (e.g. `Bench` → `BenchUser`), for names that clash in the mesh. */
  typePrefix?: string;
}

export interface GatewayConfig {
  profile: Profile;
  host: string;
  port: number;
  domainsDir: string;
  remoteSubgraphs: RemoteSubgraphConfig[];
  maxPageSize: number;
  /** How deep input values (literals and variables) may nest: `MESHGATE_MAX_INPUT_DEPTH` (32, from 2 to 64). */
  maxInputDepth: number;
  seedScale: number;
  /** `MESHGATE_PIPELINE_WORKER`: `in-process` (default) works pipeline units in the gateway; `off` leaves them to `meshgate worker`. */
  pipelineWorker: boolean;
  /** `MESHGATE_PIPELINE_TRIGGER_INTERVAL_SECONDS` (30, 0 to 3600; 0: off): how often landed partitions are looked for. */
  pipelineTriggerSeconds: number;
  logLevel: string;
  /** Where role policies (`<role>.yaml`) are loaded from: the baseline the admin API versions. */
  policiesDir: string;
  /** strict: a request whose access record cannot be written fails; best-effort: it is logged only. */
  auditMode: 'strict' | 'best-effort';
  /** The AUTH_* variables, resolved at start (the embedded profile adds its development secret). */
  authEnv: Record<string, string | undefined>;
  lake: LakeConfig;
  /** Limits of one ingestion batch: `MESHGATE_INGEST_MAX_EVENTS` (1000), `MESHGATE_INGEST_MAX_BYTES` (1 MiB). */
  ingestLimits: { maxEvents: number; maxBytes: number };
  /** Operation shape limits: `MESHGATE_MAX_DEPTH` (10), `MESHGATE_MAX_ALIASES` (15), `MESHGATE_MAX_DIRECTIVES` (50), `MESHGATE_MAX_TOKENS` (2000). */
  operationLimits: OperationLimits;
  /** Largest GraphQL request body (and of routes that set none): `MESHGATE_MAX_BODY_BYTES` (1 MiB, from 1 KiB to 64 MiB). */
  maxBodyBytes: number;
  /** The cost budget of a request whose roles set none: `MESHGATE_DEFAULT_COST_BUDGET` (5000). */
  defaultCostBudget: number;
  /**
   * Trusted documents: `MESHGATE_TRUSTED_DOCUMENTS` (off, apq (default) or safelist),
   * `MESHGATE_TRUSTED_MANIFEST` (the client build's manifest file, required by safelist),
   * `MESHGATE_APQ_CACHE_SIZE` (registered documents per process, 1000) and
   * `MESHGATE_APQ_MAX_DOCUMENTS` (registered documents in the platform database, 10000).
   */
  trustedDocuments: TrustedDocumentsConfig;
  /**
   * Lake retention: `MESHGATE_INGEST_DEDUP_DAYS` (7, from 1 to 3650) is how long an ingested event id
   * deduplicates resends; `MESHGATE_LAKE_RETENTION_INTERVAL_SECONDS` (3600, 0 = no job in the gateway,
   * at most 7 days) how often the gateway runs retention (also once at start).
   */
  retention: { dedupDays: number; intervalSeconds: number };
  /** Requests per window per actor and per client IP: `MESHGATE_RATE_LIMIT_ACTOR`, `MESHGATE_RATE_LIMIT_IP` (`<points>/<seconds>` or `off`, the default). */
  rateLimits: { actor: RateLimit; ip: RateLimit };
  /** The access log beyond the database: signed digests in the object store and retention (src/audit/anchor). */
  auditAnchor: AuditAnchorConfig;
  /** CORS, CSRF prevention and the TLS listener (config-http.ts). */
  http: HttpHygieneConfig;
}

export type { RateLimit, TrustedDocumentsConfig } from './config-protection.ts';
export type { HttpHygieneConfig } from './config-http.ts';

export interface AuditAnchorConfig {
  /** `MESHGATE_AUDIT_SIGNING_KEY_FILE`: Ed25519 PKCS#8 PEM; the embedded profile generates one in its data directory. */
  signingKeyFile?: string;
  /** `MESHGATE_AUDIT_VERIFY_KEY_FILE`: the public key (SPKI PEM) `audit verify` checks digests with; else derived from the private key. */
  verifyKeyFile?: string;
  /** `MESHGATE_AUDIT_DIGEST_INTERVAL`, seconds between digests (60, from 1 to 86400). */
  digestIntervalSeconds: number;
  /** `MESHGATE_AUDIT_RETENTION_DAYS`: records older move to the lake; unset keeps them in the table forever. */
  retentionDays?: number;
}

/** 1 GiB of lake objects on local disk, unless `MESHGATE_LAKE_CACHE_BYTES` says otherwise. */
export const DEFAULT_LAKE_CACHE_BYTES = 1024 ** 3;

export function configFromEnv(env: Env = process.env, cwd = process.cwd()): GatewayConfig {
  return {
    profile: profileFrom(env, cwd),
    host: env.HOST ?? '127.0.0.1',
    port: integer(env, 'PORT', 4000, 0, 65535),
    domainsDir: path.resolve(cwd, env.MESHGATE_DOMAINS_DIR ?? 'domains'),
    remoteSubgraphs: remoteSubgraphsFrom(env, cwd),
    maxPageSize: integer(env, 'MESHGATE_MAX_PAGE_SIZE', 100, 1, 10_000),
    maxInputDepth: integer(env, 'MESHGATE_MAX_INPUT_DEPTH', 32, 2, 64),
    seedScale: number(env, 'MESHGATE_SEED_SCALE', 1),
    pipelineWorker: pipelineWorkerFrom(env),
    pipelineTriggerSeconds: integer(env, 'MESHGATE_PIPELINE_TRIGGER_INTERVAL_SECONDS', 30, 0, 3600),
    logLevel: env.LOG_LEVEL ?? 'info',
    policiesDir: path.resolve(cwd, env.MESHGATE_POLICIES_DIR ?? 'policies'),
    auditMode: auditModeFrom(env),
    authEnv: Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith('AUTH_'))),
    lake: lakeFrom(env, cwd),
    ingestLimits: {
      maxEvents: integer(env, 'MESHGATE_INGEST_MAX_EVENTS', 1000, 1, 100_000),
      maxBytes: integer(env, 'MESHGATE_INGEST_MAX_BYTES', 1024 * 1024, 1024, 256 * 1024 * 1024),
    },
    operationLimits: operationLimitsFrom(env),
    maxBodyBytes: integer(env, 'MESHGATE_MAX_BODY_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    // graphql-armor's default; every demo and test query of a non-admin role costs at most 2,200 (admin sets its own).
    defaultCostBudget: integer(env, 'MESHGATE_DEFAULT_COST_BUDGET', 5000, 1, 1_000_000_000),
    trustedDocuments: trustedDocumentsFrom(env, cwd),
    retention: {
      dedupDays: integer(env, 'MESHGATE_INGEST_DEDUP_DAYS', 7, 1, 3650),
      intervalSeconds: integer(env, 'MESHGATE_LAKE_RETENTION_INTERVAL_SECONDS', 3600, 0, 7 * 86_400),
    },
    auditAnchor: {
      signingKeyFile: env.MESHGATE_AUDIT_SIGNING_KEY_FILE ? path.resolve(cwd, env.MESHGATE_AUDIT_SIGNING_KEY_FILE) : undefined,
      verifyKeyFile: env.MESHGATE_AUDIT_VERIFY_KEY_FILE ? path.resolve(cwd, env.MESHGATE_AUDIT_VERIFY_KEY_FILE) : undefined,
      digestIntervalSeconds: integer(env, 'MESHGATE_AUDIT_DIGEST_INTERVAL', 60, 1, 86_400),
      retentionDays: env.MESHGATE_AUDIT_RETENTION_DAYS ? integer(env, 'MESHGATE_AUDIT_RETENTION_DAYS', 0, 1, 36_500) : undefined,
    },
    rateLimits: { actor: rateLimitFrom(env, 'MESHGATE_RATE_LIMIT_ACTOR'), ip: rateLimitFrom(env, 'MESHGATE_RATE_LIMIT_IP') },
    http: httpHygieneFrom(env, cwd),
  };
}

function lakeFrom(env: Env, cwd: string): LakeConfig {
  const dataDir = env.MESHGATE_DATA_DIR ?? '.meshgate/data';
  const local = (sub: string) => (dataDir.startsWith('memory://') ? dataDir : path.resolve(cwd, dataDir, sub));
  const bucket = env.S3_BUCKET || 'meshgate-lake';
  const brokers = (env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  const security = kafkaSecurityFrom(env, cwd, brokers.length > 0);
  const broker: LakeConfig['broker'] = brokers.length ? { kind: 'kafka', brokers, ...security } : { kind: 'local', dir: local('broker') };
  const sse = sseFrom(env.S3_SSE);
  const store: LakeConfig['store'] = env.S3_ENDPOINT
    ? {
        kind: 's3',
        endpoint: env.S3_ENDPOINT,
        bucket,
        region: env.S3_REGION || 'us-east-1',
        accessKeyId: required(env, 'S3_ACCESS_KEY_ID', 'S3_ENDPOINT'),
        secretAccessKey: required(env, 'S3_SECRET_ACCESS_KEY', 'S3_ENDPOINT'),
        sse,
        kmsKeyId: env.S3_KMS_KEY_ID || undefined,
        ca: s3CaFrom(env, cwd),
      }
    : { kind: 'embedded', dir: local('lake'), bucket };
  if (!env.S3_ENDPOINT && env.S3_CA_FILE) throw new ConfigError('S3_CA_FILE', 'needs an https:// S3_ENDPOINT');
  const sink = env.MESHGATE_SINK ?? (broker.kind === 'local' ? 'in-process' : 'off');
  if (sink !== 'in-process' && sink !== 'off') throw new ConfigError('MESHGATE_SINK', `must be in-process or off, got "${sink}"`);
  const cacheBytes = integer(env, 'MESHGATE_LAKE_CACHE_BYTES', DEFAULT_LAKE_CACHE_BYTES, 1024 * 1024, 2 ** 50);
  return { broker, store, sinkInProcess: sink === 'in-process', cacheBytes };
}

function sseFrom(value: string | undefined): 'AES256' | 'aws:kms' | undefined {
  if (!value) return undefined;
  if (value === 'AES256' || value === 'aws:kms') return value;
  throw new ConfigError('S3_SSE', `must be AES256 or aws:kms, got "${value}"`);
}

function required(env: Env, name: string, because: string): string {
  const value = env[name];
  if (!value) throw new ConfigError(name, `must be set when ${because} is`);
  return value;
}

function pipelineWorkerFrom(env: Env): boolean {
  const mode = env.MESHGATE_PIPELINE_WORKER ?? 'in-process';
  if (mode !== 'in-process' && mode !== 'off') throw new ConfigError('MESHGATE_PIPELINE_WORKER', `must be in-process or off, got "${mode}"`);
  return mode === 'in-process';
}

function auditModeFrom(env: Env): 'strict' | 'best-effort' {
  const mode = env.AUDIT_MODE ?? 'strict';
  if (mode !== 'strict' && mode !== 'best-effort') throw new ConfigError('AUDIT_MODE', `must be strict or best-effort, got "${mode}"`);
  return mode;
}

function profileFrom(env: Env, cwd: string): Profile {
  const { DATABASE_URL: databaseUrl, MONGO_URL: mongoUrl } = env;
  if (!databaseUrl && !mongoUrl) {
    for (const name of ['MESHGATE_DATABASE_CA_FILE', 'MESHGATE_MONGO_CA_FILE']) {
      if (env[name]) throw new ConfigError(name, 'is not used by the embedded profile: set DATABASE_URL and MONGO_URL or unset it');
    }
    const dataDir = env.MESHGATE_DATA_DIR ?? '.meshgate/data';
    return { kind: 'embedded', dataDir: dataDir.startsWith('memory://') ? dataDir : path.resolve(cwd, dataDir) };
  }
  if (!databaseUrl) throw new ConfigError('DATABASE_URL', 'must be set when MONGO_URL is (services profile needs both)');
  if (!mongoUrl) throw new ConfigError('MONGO_URL', 'must be set when DATABASE_URL is (services profile needs both)');
  return {
    kind: 'services',
    database: postgresConnectionFrom(env, cwd, databaseUrl),
    mongoUrl,
    mongoDatabase: env.MONGO_DATABASE ?? 'meshgate',
    mongoTlsCAFile: mongoTlsCaFileFrom(env, cwd, mongoUrl),
  };
}

/**
 * Remote subgraphs from `MESHGATE_REMOTE_SUBGRAPHS` (`name=url,name=url`) and
 * from the `remoteSubgraphs` array of the JSON file `MESHGATE_CONFIG` names.
 */
function remoteSubgraphsFrom(env: Env, cwd: string): RemoteSubgraphConfig[] {
  const remotes: RemoteSubgraphConfig[] = [];
  for (const entry of (env.MESHGATE_REMOTE_SUBGRAPHS ?? '').split(',').filter((s) => s.trim())) {
    const eq = entry.indexOf('=');
    if (eq < 1) throw new ConfigError('MESHGATE_REMOTE_SUBGRAPHS', `entry "${entry}" must be name=url`);
    remotes.push(remote('MESHGATE_REMOTE_SUBGRAPHS', entry.slice(0, eq).trim(), entry.slice(eq + 1).trim()));
  }
  if (env.MESHGATE_CONFIG) {
    const file = path.resolve(cwd, env.MESHGATE_CONFIG);
    let parsed: { remoteSubgraphs?: { name?: unknown; url?: unknown; typePrefix?: unknown }[] };
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new ConfigError('MESHGATE_CONFIG', `cannot read ${file} as JSON: ${(error as Error).message}`);
    }
    for (const [i, r] of (parsed.remoteSubgraphs ?? []).entries()) {
      const entry = remote(`MESHGATE_CONFIG remoteSubgraphs[${i}]`, String(r.name ?? ''), String(r.url ?? ''));
      if (r.typePrefix !== undefined && (typeof r.typePrefix !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(r.typePrefix))) {
        throw new ConfigError(`MESHGATE_CONFIG remoteSubgraphs[${i}].typePrefix`, 'must be a PascalCase name such as Bench');
      }
      remotes.push(typeof r.typePrefix === 'string' ? { ...entry, typePrefix: r.typePrefix } : entry);
    }
  }
  return remotes;
}

function remote(variable: string, name: string, url: string): RemoteSubgraphConfig {
  if (!/^[a-z][a-z0-9_-]*$/.test(name)) throw new ConfigError(variable, `subgraph name "${name}" must be lower-case letters, digits, _ or -`);
  if (!/^https?:\/\/.+/.test(url)) throw new ConfigError(variable, `subgraph ${name} URL "${url}" must be http(s)://…`);
  return { name, url };
}

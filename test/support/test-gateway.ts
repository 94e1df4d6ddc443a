/**
 * A real gateway for tests: the embedded profile (PGlite in memory) or the
 * services profile (a fresh PostgreSQL database and FerretDB database per
 * gateway, dropped at close), seeded at a small scale, served over HTTP.
 * Counts the statements each record source issues.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { createTestDatabase } from './postgres-database.ts';
import { requireEnv } from './required-env.ts';
import { mintToken } from '../../src/auth/index.ts';
import { configFromEnv, startGateway, type RunningGateway } from '../../src/gateway/index.ts';
import { createLogger, type Logger } from '../../src/observability/index.ts';
import { seedDataProducts } from '../../src/operational/index.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type TestProfile = 'embedded' | 'services';

export interface TestGatewayOptions {
  profile: TestProfile;
  /** Demo data scale; 0 seeds nothing. */
  scale?: number;
  maxPageSize?: number;
  env?: Record<string, string>;
  /** Serve the same databases as this gateway (a second gateway of one deployment); it drops them. */
  sharing?: TestGateway;
  /** Where the gateway logs (default: nowhere). */
  logger?: Logger;
}

export interface GraphQLResponse {
  status: number;
  body: { data?: any; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] };
}

/** The HS256 secret every test gateway verifies tokens with. */
export const TEST_JWT_SECRET = 'meshgate-test-secret-0123456789abcdef';

export interface Caller {
  role?: string;
  sub?: string;
  claims?: Record<string, unknown>;
  /** No token at all: the anonymous role. */
  anonymous?: boolean;
}

/** A bearer token for a test caller (default: the admin role). */
export async function tokenFor(caller: Caller = {}): Promise<string | undefined> {
  if (caller.anonymous) return undefined;
  return mintToken(TEST_JWT_SECRET, { sub: caller.sub ?? 'test-admin', roles: [caller.role ?? 'admin'], claims: caller.claims });
}

export interface TestGateway {
  url: string;
  gateway: RunningGateway;
  /** The environment that selects this gateway's databases (for the CLI against the same data). */
  env: Record<string, string>;
  /** Statements issued since the last reset, per record source. */
  counts(): { relational: number; documents: number };
  resetCounts(): void;
  /** Runs an operation as `caller` (default: admin). */
  query(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<GraphQLResponse>;
  close(): Promise<void>;
}

export async function startTestGateway(options: TestGatewayOptions): Promise<TestGateway> {
  const isolated = options.sharing
    ? { env: options.sharing.env, drop: async () => {} }
    : options.profile === 'services'
      ? await isolatedServices()
      : { env: { MESHGATE_DATA_DIR: 'memory://' }, drop: async () => {} };
  const config = configFromEnv({
    PORT: '0',
    MESHGATE_DOMAINS_DIR: path.join(repoRoot, 'domains'),
    MESHGATE_MAX_PAGE_SIZE: String(options.maxPageSize ?? 100),
    MESHGATE_POLICIES_DIR: path.join(repoRoot, 'policies'),
    // Nothing of a test gateway lands in the repository: local log and s3rver go to fresh temporary directories.
    MESHGATE_DATA_DIR: 'memory://',
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    ...isolated.env,
    ...options.env,
  });
  const gateway = await startGateway(config, { logger: options.logger ?? createLogger({ level: 'silent' }) });
  if (options.scale) await seedDataProducts(gateway.products, { scale: options.scale, sources: gateway.sources.resolve });
  const counts = { relational: 0, documents: 0 };
  gateway.sources.relational.onStatement(() => void counts.relational++);
  gateway.sources.documents.onStatement(() => void counts.documents++);
  return {
    url: gateway.url,
    gateway,
    env: isolated.env,
    counts: () => ({ ...counts }),
    resetCounts: () => {
      counts.relational = 0;
      counts.documents = 0;
    },
    async query(query, variables, caller) {
      const token = await tokenFor(caller);
      return postGraphQL(`${gateway.url}/graphql`, query, variables, token ? { authorization: `Bearer ${token}` } : {});
    },
    async close() {
      await gateway.close();
      await isolated.drop();
    },
  };
}

export async function postGraphQL(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse['body'] };
}

/** A new PostgreSQL database and FerretDB database, so tests never share rows. */
async function isolatedServices(): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  const mongoUrl = requireEnv('MESHGATE_TEST_MONGO_URL');
  const database = await createTestDatabase('mg_test');
  return {
    env: { DATABASE_URL: database.url, MONGO_URL: mongoUrl, MONGO_DATABASE: database.name },
    async drop() {
      await database.drop();
      const mongo = new MongoClient(mongoUrl);
      await mongo.db(database.name).dropDatabase();
      await mongo.close();
    },
  };
}

/**
 * Shared pieces of the live-stream tests (local broker in the unit suite,
 * Kafka in the integration suite): engagement datasets under a fresh domain,
 * a hub and schema over a broker, real policies and JWTs, an http server with
 * the live WebSocket endpoint, and a graphql-ws client over `ws`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, type Client } from 'graphql-ws/client';
import WebSocket from 'ws';
import { Registry } from 'prom-client';
import { authConfigFromEnv, createAuthenticator, mintToken } from '../../../src/auth/index.ts';
import type { AccessCollector } from '../../../src/audit/index.ts';
import type { GovernedContext } from '../../../src/governed/index.ts';
import { encodeEventMessage, type DatasetRuntime, type EventRecord } from '../../../src/lake/datasets/index.ts';
import { attachLiveServer, liveMetrics, liveSchema, startLiveHub, type LiveHub, type LiveMetrics, type LiveOutcome } from '../../../src/lake/live/index.ts';
import { createLogger } from '../../../src/observability/index.ts';
import { createPolicySet, subjectCatalog, type PolicySet, type RolePolicy } from '../../../src/policy/index.ts';
import type { EventBroker } from '../../../src/sources/index.ts';
import { governedAs } from '../../support/governed.ts';
import { freshEngagement } from './sink-support.ts';

export const SECRET = 'live-test-secret-0123456789abcdef0123';

export const LIVE_ROLES: RolePolicy[] = [
  { role: 'reader', rules: [{ action: 'read', subject: '*.lake.*' }] },
  {
    role: 'support',
    rules: [
      { action: 'read', subject: '*.lake.*', conditions: { country: '${user.country}' } },
      { action: 'read', subject: '*.lake.*', fields: ['@pii'], inverted: true },
    ],
  },
  { role: 'writer', rules: [{ action: 'create', subject: '*.lake.*' }] },
];

export const logger = createLogger({ level: 'silent' });

export interface LiveFixture {
  broker: EventBroker;
  viewed: DatasetRuntime;
  runtimes: DatasetRuntime[];
  policies: PolicySet;
  hub: LiveHub;
  metrics: LiveMetrics;
  registry: Registry;
  schema: ReturnType<typeof liveSchema>;
  as(role: string, claims?: Record<string, unknown>): GovernedContext;
  /** Produces records to the dataset as ingestion would (keyed by userId). */
  produce(runtime: DatasetRuntime, records: EventRecord[]): Promise<void>;
  close(): Promise<void>;
}

export interface LiveFixtureOptions {
  queueLimit?: number;
  /** Runs once the topics exist, before the hub starts. */
  beforeHub?: (fixture: Pick<LiveFixture, 'viewed' | 'produce'>) => Promise<void>;
}

export async function liveFixture(broker: EventBroker, options: LiveFixtureOptions = {}): Promise<LiveFixture> {
  const { product, runtimes, viewed } = freshEngagement();
  for (const runtime of runtimes) await broker.ensureTopic(runtime.topic, 3);
  const produce = async (runtime: DatasetRuntime, records: EventRecord[]) => {
    const messages = records.map((record) =>
      encodeEventMessage({
        eventId: String(record.eventId),
        dataset: runtime.qualifiedName,
        eventTime: String(record[runtime.eventTimeField]),
        key: String(record.userId),
        record,
      }),
    );
    await broker.produce(runtime.topic, messages);
  };
  await options.beforeHub?.({ viewed, produce });
  const registry = new Registry();
  const metrics = liveMetrics(registry);
  const hub = await startLiveHub({ datasets: runtimes, broker, logger, metrics, ...(options.queueLimit ? { queueLimit: options.queueLimit } : {}) });
  const policies = createPolicySet(LIVE_ROLES, subjectCatalog([product]));
  return {
    broker,
    viewed,
    runtimes,
    policies,
    hub,
    metrics,
    registry,
    produce,
    schema: liveSchema(runtimes),
    as: (role, claims = {}) => governedAs(policies.forActor({ sub: 'u-test', roles: [role], claims })),
    close: () => hub.close(),
  };
}

/** A viewed record; `i` decides its id, user and country (DE, FR, US, NL in turn). */
export function liveRecord(i: number, tag = 'e'): EventRecord {
  return {
    eventId: `${tag}${String(i).padStart(5, '0')}`,
    userId: `u${i % 7}`,
    itemId: `i${i % 5}`,
    occurredAt: new Date(Date.parse('2025-06-01T00:00:00Z') + i * 60_000).toISOString(),
    sessionId: `s${i % 3}`,
    device: 'web',
    country: (['DE', 'FR', 'US', 'NL'] as const)[i % 4]!,
    durationMs: i * 10,
    ip: `10.0.0.${i % 250}`,
  };
}

/** Reads `count` values, failing after `timeoutMs`. */
export async function take<T>(iterator: AsyncIterator<T>, count: number, timeoutMs = 10_000): Promise<T[]> {
  const values: T[] = [];
  const deadline = Date.now() + timeoutMs;
  while (values.length < count) {
    const next = await withTimeout(iterator.next(), deadline - Date.now(), `only ${values.length} of ${count} values arrived`);
    if (next.done) throw new Error(`the stream ended after ${values.length} of ${count} values`);
    values.push(next.value);
  }
  return values;
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out: ${message}`)), Math.max(ms, 0));
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface LiveHttp {
  url: string;
  server: Server;
  /** Per subscription: the outcome handed to `onSubscribe` and what its context's collector holds. */
  recorded: { outcome: LiveOutcome; resources: ReturnType<AccessCollector['resources']> }[];
  token(role: string, claims?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

/** An http server with the live endpoint; authentication with real HS256 JWTs and the fixture's policies. */
export async function startLiveHttp(fixture: LiveFixture, options: { auditFails?: boolean } = {}): Promise<LiveHttp> {
  const authenticator = createAuthenticator(authConfigFromEnv({ AUTH_JWT_SECRET: SECRET }));
  const server = createServer((_req, res) => res.writeHead(404).end());
  const recorded: LiveHttp['recorded'] = [];
  const live = attachLiveServer({
    server,
    hub: fixture.hub,
    schema: fixture.schema,
    logger,
    authenticate: async ({ authorization }) => {
      const actor = await authenticator.authenticate(authorization);
      return governedAs(fixture.policies.forActor(actor));
    },
    onSubscribe: (ctx, outcome) => {
      if (options.auditFails) throw Object.assign(new Error('audit down'), { code: 'AUDIT_UNAVAILABLE' });
      recorded.push({ outcome, resources: ctx.audit.resources() });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}${live.path}`,
    server,
    recorded,
    token: (role, claims) => mintToken(SECRET, { sub: `sub-${role}`, roles: [role], claims }),
    async close() {
      await live.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function wsClient(url: string, authorization: string | undefined): Client {
  return createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: authorization ? { authorization } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

export interface WsSubscription {
  results: { data?: any; errors?: { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[] }[];
  /** Set when the server ended the subscription with an error message (or the socket closed). */
  failure: unknown;
  completed: boolean;
  /** Resolves when `results` has `count` entries. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves when the subscription completed or failed. */
  ended: Promise<void>;
  unsubscribe(): void;
}

export function wsSubscribe(client: Client, query: string, variables?: Record<string, unknown>): WsSubscription {
  let endedResolve!: () => void;
  const ended = new Promise<void>((resolve) => (endedResolve = resolve));
  const subscription: WsSubscription = {
    results: [],
    failure: undefined,
    completed: false,
    ended,
    unsubscribe: () => {},
    async waitFor(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (subscription.results.length < count) {
        if (subscription.failure !== undefined) throw new Error(`subscription failed: ${JSON.stringify(subscription.failure)}`);
        if (Date.now() > deadline) throw new Error(`timed out: ${subscription.results.length} of ${count} results`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
  subscription.unsubscribe = client.subscribe(variables ? { query, variables } : { query }, {
    next: (value) => void subscription.results.push(value as WsSubscription['results'][number]),
    error: (error) => {
      subscription.failure = error instanceof Error ? error.message : ((error as { code?: number }).code ?? error);
      endedResolve();
    },
    complete: () => {
      subscription.completed = true;
      endedResolve();
    },
  });
  return subscription;
}

export function fieldName(runtime: DatasetRuntime): string {
  return `${runtime.domain}${runtime.name[0]!.toUpperCase()}${runtime.name.slice(1)}`;
}

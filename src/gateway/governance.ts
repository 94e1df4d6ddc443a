/**
 * Governance of every request: authenticate the bearer token, put the
 * governed context (actor, policy decisions, access collector; see
 * src/governed) on the request context, and after
 * the operation append its access record (strict mode: a record that cannot
 * be written fails the request).
 */
import { AuthenticationError, authConfigFromEnv, createAuthenticator, devSecret, type Actor } from '../auth/index.ts';
import { createAccessCollector, createAuditLog, type AccessStatus, type AuditLog } from '../audit/index.ts';
import { isGoverned, type GovernedContext } from '../governed/index.ts';
import type { Logger } from '../observability/index.ts';
import { createPolicyStore, loadPolicyDirectory, subjectCatalog, type PolicyStore } from '../policy/index.ts';
import type { DataProduct } from '../sdk/index.ts';
import type { PlatformDatabase } from '../sources/index.ts';
import type { GatewayConfig } from './config.ts';
import { MeshgateError } from '../api/index.ts';
import type { OperationOutcome, RequestContext } from './http/index.ts';
import { openRateLimits, type RateLimits } from './rate-limit.ts';
import { principalSessions, type ActAs } from './principal.ts';

export interface Governance {
  policies: PolicyStore;
  auditLog: AuditLog;
  /** Authenticates the request and puts its governed context on it (the same object, now typed as governed). */
  enrich<C extends RequestContext>(ctx: C): Promise<C & GovernedContext>;
  complete(ctx: RequestContext, outcome: OperationOutcome): Promise<void>;
  /** A governed context for the platform's own work as a service principal (see principal.ts). */
  actAs: ActAs;
  close(): Promise<void>;
}

export async function openGovernance(config: GatewayConfig, products: readonly DataProduct[], db: PlatformDatabase, logger: Logger): Promise<Governance> {
  const secret = config.profile.kind === 'embedded' ? devSecret(config.profile.dataDir) : undefined;
  const authenticator = createAuthenticator(authConfigFromEnv(config.authEnv, secret));
  const catalog = subjectCatalog(products);
  const baseline = (await loadPolicyDirectory(config.policiesDir)).map((entry) => entry.policy);
  const policies = await createPolicyStore(db, { baseline, catalog, logger });
  const auditLog = await createAuditLog({ db, mode: config.auditMode, logger });
  const limits = await openRateLimits({ ...config.rateLimits, profile: config.profile, logger });
  return {
    policies,
    auditLog,
    async enrich(ctx) {
      // The client's address is counted before the token is even verified; the actor right after.
      await limits.consumeIp(ctx.ip);
      const actor = await authenticate(authenticator, ctx);
      const governed: GovernedContext = { requestId: ctx.requestId, actor, access: policies.current().forActor(actor), audit: createAccessCollector() };
      Object.assign(ctx, governed);
      await consumeActor(limits, ctx, actor);
      return ctx as typeof ctx & GovernedContext;
    },
    complete: (ctx, outcome) => appendRecord(auditLog, ctx, outcome),
    actAs: principalSessions(policies, auditLog),
    async close() {
      await auditLog.close();
      await policies.close();
      await limits.close();
    },
  };
}

/** A request without a token has no actor of its own (every anonymous caller shares the role): only its IP is limited. */
async function consumeActor(limits: RateLimits, ctx: RequestContext, actor: Actor): Promise<void> {
  if (ctx.headers.authorization === undefined) return;
  await limits.consumeActor(actor);
}

async function authenticate(authenticator: ReturnType<typeof createAuthenticator>, ctx: RequestContext): Promise<Actor> {
  try {
    return await authenticator.authenticate(ctx.headers.authorization);
  } catch (error) {
    if (error instanceof AuthenticationError) throw new MeshgateError(error.message, { code: 'UNAUTHENTICATED', httpStatus: 401 });
    throw error;
  }
}

async function appendRecord(auditLog: AuditLog, ctx: RequestContext, outcome: OperationOutcome): Promise<void> {
  const governed = isGoverned(ctx) ? ctx : undefined;
  const errorCodes = errorCodesOf(ctx, outcome);
  try {
    await auditLog.append({
      time: new Date(ctx.startedAt),
      requestId: ctx.requestId,
      actor: { sub: governed?.actor.sub ?? null, roles: governed?.actor.roles ?? [], ip: ctx.ip, userAgent: ctx.userAgent },
      operationName: ctx.operationName ?? null,
      operationType: ctx.operation?.type ?? null,
      document: ctx.operation?.query ?? null,
      variables: ctx.operation?.variables ?? null,
      resources: governed?.audit.resources() ?? [],
      status: statusOf(ctx, outcome, errorCodes),
      errorCodes,
      durationMs: Date.now() - ctx.startedAt,
    });
  } catch (error) {
    throw new MeshgateError('The access log is unavailable; the request was not served.', {
      code: 'AUDIT_UNAVAILABLE',
      httpStatus: 503,
      retriable: true,
      cause: error,
    });
  }
}

function errorCodesOf(ctx: RequestContext, outcome: OperationOutcome): string[] {
  const codes = new Set<string>();
  for (const error of ctx.result?.errors ?? []) codes.add(String(error.extensions?.code ?? 'INTERNAL'));
  const failure = outcome.error as { code?: unknown } | undefined;
  if (failure) codes.add(typeof failure.code === 'string' ? failure.code : 'INTERNAL');
  if (!ctx.result && !failure && outcome.status >= 400) codes.add(`HTTP_${outcome.status}`);
  return [...codes];
}

/** Refusals of the caller (not failures of the gateway): recorded as `denied`. */
const DENIAL_CODES: ReadonlySet<string> = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'RATE_LIMITED']);

function statusOf(ctx: RequestContext, outcome: OperationOutcome, errorCodes: string[]): AccessStatus {
  const denied = errorCodes.some((code) => DENIAL_CODES.has(code));
  if (outcome.error || outcome.status >= 400) return denied ? 'denied' : 'error';
  // A route (ingestion) has no GraphQL result: answered below 400 without a failure, it was served.
  if (!ctx.result) return ctx.operation ? 'error' : 'ok';
  const hasData = ctx.result.data !== undefined && ctx.result.data !== null;
  if (errorCodes.length === 0) return 'ok';
  if (!hasData) return denied ? 'denied' : 'error';
  return 'partial';
}

/**
 * The governed request context: what the gateway puts on every request
 * (GraphQL, routes, subscriptions) and every plane consumes. The gateway
 * builds it; planes only read it through `governedContext`, which fails
 * closed: a context without a policy decider is refused, never read as
 * "allow everything".
 */
import type { AccessCollector } from '../audit/index.ts';
import type { Actor } from '../auth/index.ts';
import type { AccessDecider } from '../policy/index.ts';
import { forbidden } from './forbidden.ts';

export interface GovernedContext {
  /** The id of this request: the same in the response header, the HTTP log line and the access record. */
  requestId: string;
  actor: Actor;
  /** The actor's policy decisions. */
  access: AccessDecider;
  /** Where every resource the request touches is recorded for its access record. */
  audit: AccessCollector;
}

/**
 * The governed context of a request, or FORBIDDEN when governance did not
 * fill it in (`what` names the refused work, e.g. "lake reads").
 */
export function governedContext(context: unknown, what = 'reads'): GovernedContext {
  if (!isGoverned(context)) throw forbidden(`No access context for this request; ${what} fail closed.`);
  return context;
}

/** True when `context` carries a governed context (for code that must not throw, e.g. a route's error path). */
export function isGoverned(context: unknown): context is GovernedContext {
  const governed = context as Partial<GovernedContext> | null | undefined;
  return typeof governed?.requestId === 'string' && Boolean(governed.actor && governed.access && governed.audit);
}

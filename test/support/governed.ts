/**
 * A governed request context (src/governed) for tests that call a plane
 * directly instead of through the gateway: the decider's actor, a fresh
 * access collector and request id.
 */
import { randomUUID } from 'node:crypto';
import { createAccessCollector } from '../../src/audit/index.ts';
import type { GovernedContext } from '../../src/governed/index.ts';
import type { AccessDecider } from '../../src/policy/index.ts';

export function governedAs(access: AccessDecider): GovernedContext {
  return { requestId: randomUUID(), actor: access.actor, access, audit: createAccessCollector() };
}

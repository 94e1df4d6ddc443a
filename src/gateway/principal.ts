/**
 * Work the platform does on its own (seeding event history, pipeline steps)
 * runs as a service principal: a governed context like a request's, with the
 * principal's policy decisions, and one access record when it ends, so its
 * reads and writes are pushed down and recorded like any caller's.
 */
import { randomUUID } from 'node:crypto';
import { createAccessCollector, type AuditLog } from '../audit/index.ts';
import type { Actor } from '../auth/index.ts';
import type { GovernedContext } from '../governed/index.ts';
import type { PolicyStore } from '../policy/index.ts';

export interface PrincipalSession {
  context: GovernedContext;
  /** Appends the access record of the work (status `error` with the error's code when it failed). */
  complete(error?: unknown): Promise<void>;
}

export type ActAs = (actor: Actor, operationName: string) => PrincipalSession;

export function principalSessions(policies: PolicyStore, auditLog: AuditLog): ActAs {
  return (actor, operationName) => {
    const started = Date.now();
    const context: GovernedContext = {
      requestId: randomUUID(),
      actor,
      access: policies.current().forActor(actor),
      audit: createAccessCollector(),
    };
    return {
      context,
      async complete(error) {
        const code = (error as { code?: unknown } | undefined)?.code;
        await auditLog.append({
          time: new Date(started),
          requestId: context.requestId,
          actor: { sub: actor.sub, roles: actor.roles, userAgent: 'meshgate (service principal)' },
          operationName,
          operationType: null,
          document: null,
          variables: null,
          resources: context.audit.resources(),
          status: error === undefined ? 'ok' : 'error',
          errorCodes: error === undefined ? [] : [typeof code === 'string' ? code : 'INTERNAL'],
          durationMs: Date.now() - started,
        });
      },
    };
  };
}

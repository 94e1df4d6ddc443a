/**
 * Lake access per request: the policy decider (`context.access`) and the
 * access collector (`context.audit`) the gateway puts on the context.
 * Without a decider every lake read fails closed.
 */
import { GraphQLError } from 'graphql';
import type { AccessCollector } from '../../audit/index.ts';
import type { AccessDecider, RuleRef } from '../../policy/index.ts';

export interface LakeContext {
  access: AccessDecider;
  audit?: AccessCollector;
}

export function lakeContext(context: unknown): LakeContext {
  const access = (context as { access?: AccessDecider } | null)?.access;
  if (!access) throw forbidden('No access context for this request; lake reads fail closed.');
  return context as LakeContext;
}

export function forbidden(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', ...extensions } });
}

export function ruleNames(rules: readonly (RuleRef | undefined)[]): string | undefined {
  const names = rules.filter((r): r is RuleRef => r !== undefined).map((r) => `${r.role}#${r.index}`);
  return names.length > 0 ? [...new Set(names)].join(',') : undefined;
}

export interface LakeTouch {
  domain: string;
  subject: string;
  fields: string[];
  rows: number;
  decision: 'allow' | 'deny' | 'partial';
  rule?: string;
}

export function touch(context: LakeContext, read: LakeTouch): void {
  context.audit?.touch({ ...read, plane: 'lake', action: 'read', ...(read.rule ? { rule: read.rule } : {}) });
}

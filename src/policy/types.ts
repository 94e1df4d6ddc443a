/**
 * The policy module's public types. Policies are data: one `RolePolicy` per
 * role, a list of CASL rules over subjects that name every plane of the mesh.
 */
import type { Filter } from '../sources/index.ts';

/** `manage` is CASL's "every action". */
export type Action = 'read' | 'create' | 'update' | 'delete' | 'execute' | 'run' | 'train' | 'manage';
export const ACTIONS: readonly Action[] = ['read', 'create', 'update', 'delete', 'execute', 'run', 'train', 'manage'];

/**
 * One CASL rule. `subject` is an exact subject (`commerce.Order`,
 * `commerce.cube.revenue`, `platform.Policy`), `all`, or a wildcard pattern
 * (see subject-patterns.ts). `fields` may name `@<classification>` for every
 * field with that classification. `conditions` use MongoDB query syntax over
 * logical field names with `${user.<claim>}` placeholders.
 */
export interface PolicyRule {
  action: Action | Action[];
  subject: string | string[];
  fields?: string[];
  conditions?: Record<string, unknown>;
  inverted?: boolean;
  reason?: string;
}

export interface RolePolicy {
  role: string;
  description?: string;
  /** Roles whose rules (for every action) come first; this role's own rules take precedence over them. */
  inherits?: string[];
  /**
   * The most a request of this role may cost (the gateway's estimate of the rows it touches); absent: the
   * largest of the inherited roles' budgets, else the gateway's default (`MESHGATE_DEFAULT_COST_BUDGET`).
   */
  budget?: number;
  rules: PolicyRule[];
}

/** Who is asking. `claims` holds every JWT claim (tenant, country, domain, …). */
export interface Actor {
  sub: string | null;
  roles: string[];
  claims: Record<string, unknown>;
}

export type SubjectKind = 'entity' | 'dataset' | 'cube' | 'model' | 'pipeline' | 'platform';

export interface SubjectInfo {
  subject: string;
  kind: SubjectKind;
  domain: string;
  fields: Record<string, { type: string; classification: string[] }>;
  /** Actions that mean something on this subject; `manage` always does. */
  actions: Action[];
}

export type SubjectCatalog = ReadonlyMap<string, SubjectInfo>;

/** The rule that decided: `index` is its position in `role`'s own `rules`. */
export interface RuleRef {
  role: string;
  index: number;
  reason?: string;
  inverted: boolean;
}

export interface FieldAccess {
  /** True when some rule could let this actor see the field on some row. */
  allowed(field: string): boolean;
  /** True when the field's visibility depends on the row beyond the row filter already pushed down. */
  needsRowCheck(field: string): boolean;
  allowedOnRow(field: string, row: Record<string, unknown>): boolean;
  /** The rule that grants the field (type level), if any. */
  rule(field: string): RuleRef | undefined;
}

export interface AccessDecider {
  readonly actor: Actor;
  /**
   * Row filter over the subject's logical field names, in the port's Filter
   * language: the rows on which the actor may `action` at least one field.
   * No allowing rule → `{ op: 'const', value: false }`; unconditional allow →
   * `{ op: 'const', value: true }`. Inverted rules become `not(...)` terms.
   * A rule whose placeholder names a missing claim grants nothing (and an
   * inverted one then forbids unconditionally): fail closed.
   */
  rowFilter(action: Action, subject: string): { filter: Filter; rules: RuleRef[] };
  fieldAccess(action: Action, subject: string): FieldAccess;
  /** The rows on which the actor may `action` this field (a subset of `rowFilter`'s rows). */
  fieldFilter(action: Action, subject: string, field: string): Filter;
  can(action: Action, subject: string, field?: string, row?: Record<string, unknown>): { allowed: boolean; rule?: RuleRef };
}

export interface PolicySet {
  readonly policies: ReadonlyMap<string, RolePolicy>;
  readonly catalog: SubjectCatalog;
  forActor(actor: Actor): AccessDecider;
  /** The largest cost budget of the actor's roles (own or inherited), or undefined when none of them sets one. */
  costBudget(actor: Actor): number | undefined;
}

export interface PolicyVersion {
  role: string;
  version: number;
  rules: PolicyRule[];
  description?: string;
  inherits?: string[];
  budget?: number;
  author: string | null;
  comment: string | null;
  createdAt: Date;
}

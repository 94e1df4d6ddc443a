/**
 * Policy administration for the platform subgraph: SDL to merge and its
 * resolvers. Every field checks `platform.Policy` through the caller's
 * decider (read for queries, update for changes). Errors carry
 * `extensions.code`: FORBIDDEN, BAD_USER_INPUT (with `issues`), CONFLICT
 * (with `currentVersion`), NOT_FOUND. The `JSON` scalar comes from the
 * subgraph the SDL is merged into.
 */
import { GraphQLError } from 'graphql';
import { policyDiff } from './diff.ts';
import { PolicyConflictError, PolicyError, PolicyNotFoundError } from './errors.ts';
import { explainAccess } from './explain.ts';
import type { Filter } from '../sources/index.ts';
import type { PolicyStore } from './store.ts';
import type { AccessDecider, Action, Actor, PolicyRule, PolicyVersion, RolePolicy, RuleRef, SubjectCatalog } from './types.ts';

export const POLICY_SUBJECT = 'platform.Policy';

export const policyAdminTypeDefs = /* GraphQL */ `
extend type Query {
  "Every role's policy in force (its newest version). Needs read on platform.Policy."
  policies: [Policy!]!
  policy(role: String!): Policy
  "Every version of a role, newest first."
  policyHistory(role: String!): [Policy!]!
  "Whether an actor (default: the caller) may do something, the rule that decided and the row filter it compiles to."
  explainAccess(subject: String!, action: PolicyAction!, actor: PolicyActorInput, resource: JSON, field: String): AccessExplanation!
  "What putPolicy with these arguments would newly allow or deny, before applying it. Placeholders stay symbolic unless claims are given."
  policyDiff(role: String!, rules: [PolicyRuleInput!]!, inherits: [String!], claims: JSON): PolicyDiff!
}

extend type Mutation {
  """
  Replaces a role's whole document (rules, inherits, description, budget: omitted means none) as a new version;
  expectedVersion is the version the change was based on (0 for a new role).
  """
  putPolicy(role: String!, rules: [PolicyRuleInput!]!, inherits: [String!], description: String, budget: Int, expectedVersion: Int!, comment: String): Policy!
  "Makes an earlier version's rules current again, as a new version."
  rollbackPolicy(role: String!, version: Int!, comment: String): Policy!
}

enum PolicyAction { read create update delete execute run train manage }
enum PolicyDecision { allow deny }

type Policy {
  role: String!
  version: Int!
  description: String
  inherits: [String!]!
  "The most a request of this role may cost (rows it may touch); null: inherited, else the gateway's default."
  budget: Int
  rules: [PolicyRule!]!
  author: String
  comment: String
  "ISO 8601."
  createdAt: String!
}

type PolicyRule {
  action: [PolicyAction!]!
  subject: [String!]!
  "Null: every field."
  fields: [String!]
  conditions: JSON
  inverted: Boolean!
  reason: String
}

input PolicyRuleInput {
  action: [PolicyAction!]!
  subject: [String!]!
  fields: [String!]
  conditions: JSON
  inverted: Boolean
  reason: String
}

input PolicyActorInput {
  sub: String
  roles: [String!]!
  claims: JSON
}

type AccessExplanation {
  decision: PolicyDecision!
  rule: PolicyRuleRef
  reason: String!
  "The row filter (over logical field names) the decision compiles to."
  filter: JSON!
  "The same filter as the store runs it: a parameterised SQL WHERE clause for PostgreSQL-sourced subjects."
  sql: String
  "The SQL parameters, in order."
  sqlParams: JSON
  "The same filter as a Mongo query, for MongoDB-sourced subjects."
  mongo: JSON
}

type PolicyRuleRef {
  role: String!
  "Position in the role's own rules, from 0."
  index: Int!
  inverted: Boolean!
  reason: String
  rule: PolicyRule!
}

type PolicyDiff {
  allows: [PolicyDiffEntry!]!
  denies: [PolicyDiffEntry!]!
}

type PolicyDiffEntry {
  subject: String!
  action: PolicyAction!
  "newly allowed, rows widened, fields added, newly denied, rows narrowed or fields removed."
  change: String!
  "Null: every field of the subject."
  fields: [String!]
  "The rows concerned: a filter, or \\"all\\"."
  rows: JSON!
}
`;

export interface PolicyAdminOptions {
  /** Renders a subject's row filter as its store runs it (SQL or Mongo); absent for subjects without a store. */
  renderFilter?(subject: string, filter: Filter): { sql?: string; sqlParams?: unknown[]; mongo?: unknown } | undefined;
  /** Reports each admin access (for the access log): subject platform.Policy, the action and the decision. */
  onAccess?(context: unknown, access: { subject: string; action: Action; decision: 'allow' | 'deny'; rule?: RuleRef; role?: string }): void;
}

type Args = Record<string, any>;

export function policyAdminResolvers(
  store: PolicyStore,
  catalog: SubjectCatalog,
  getActor: (context: unknown) => AccessDecider,
  options: PolicyAdminOptions = {},
) {
  const guarded =
    <T>(action: Action, run: (args: Args, decider: AccessDecider) => Promise<T> | T) =>
    async (_parent: unknown, args: Args, context: unknown): Promise<T> => {
      const decider = getActor(context);
      const decided = decider.can(action, POLICY_SUBJECT);
      options.onAccess?.(context, { subject: POLICY_SUBJECT, action, decision: decided.allowed ? 'allow' : 'deny', rule: decided.rule, role: args.role });
      if (!decided.allowed) {
        throw new GraphQLError(`${action} on ${POLICY_SUBJECT} is not allowed for roles ${decider.actor.roles.join(', ') || '(none)'}`, {
          extensions: { code: 'FORBIDDEN' },
        });
      }
      try {
        return await run(args, decider);
      } catch (error) {
        throw toGraphQLError(error);
      }
    };

  return {
    Query: {
      policies: guarded('read', async () => (await store.list()).map(policyView)),
      policy: guarded('read', async (args) => {
        const version = await store.get(args.role);
        return version ? policyView(version) : null;
      }),
      policyHistory: guarded('read', async (args) => (await store.history(args.role)).map(policyView)),
      explainAccess: guarded('read', (args, decider) => {
        const claims = jsonObjectArgument(args.actor?.claims, 'actor.claims');
        const actor: Actor = args.actor ? { sub: args.actor.sub ?? null, roles: args.actor.roles, claims: claims ?? {} } : decider.actor;
        const answer = explainAccess(store.current(), catalog, {
          actor,
          subject: args.subject,
          action: args.action,
          resource: jsonObjectArgument(args.resource, 'resource'),
          field: args.field ?? undefined,
        });
        const rendered = options.renderFilter?.(args.subject, answer.filter);
        return { ...answer, ...rendered, rule: answer.rule ? { ...answer.rule, rule: ruleView(answer.rule.rule) } : null };
      }),
      policyDiff: guarded('read', (args) => {
        const before = [...store.current().policies.values()];
        const after = replaceRole(before, documentOf(args));
        const diff = policyDiff(catalog, before, after, args.role, { claims: jsonObjectArgument(args.claims, 'claims') });
        const view = (entries: typeof diff.allows) => entries.map((e) => ({ ...e, fields: e.fields === 'all' ? null : e.fields }));
        return { allows: view(diff.allows), denies: view(diff.denies) };
      }),
    },
    Mutation: {
      putPolicy: guarded('update', async (args, decider) =>
        policyView(await store.put(args.role, documentOf(args), args.expectedVersion, decider.actor.sub, { comment: args.comment ?? null })),
      ),
      rollbackPolicy: guarded('update', async (args, decider) =>
        policyView(await store.rollback(args.role, args.version, decider.actor.sub, { comment: args.comment ?? null })),
      ),
    },
  };
}

function documentOf(args: Args): RolePolicy {
  const policy: RolePolicy = { role: args.role, rules: (args.rules as Args[]).map(ruleFromInput) };
  if (args.inherits != null) policy.inherits = args.inherits;
  if (args.description != null) policy.description = args.description;
  if (args.budget != null) policy.budget = args.budget;
  return policy;
}

/**
 * A JSON argument that must be an object (claims, a resource): any other JSON value (`true`, `[1]`, `"x"`) is the
 * client's error, named by its argument; null or absent gives undefined.
 */
function jsonObjectArgument(value: unknown, argument: string): Record<string, unknown> | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new GraphQLError(`${argument} must be a JSON object such as {"country": "DE"}, got ${JSON.stringify(value)}`, {
    extensions: { code: 'BAD_USER_INPUT', argument },
  });
}

/** GraphQL gives null for explicit nulls; a rule document has no null keys. */
function ruleFromInput(input: Args): PolicyRule {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value != null)) as PolicyRule;
}

/** The set after putPolicy with the same arguments: the role's whole document is replaced. */
function replaceRole(policies: RolePolicy[], next: RolePolicy): RolePolicy[] {
  return [...policies.filter((policy) => policy.role !== next.role), next];
}

function policyView(version: PolicyVersion) {
  return { ...version, inherits: version.inherits ?? [], rules: version.rules.map(ruleView), createdAt: version.createdAt.toISOString() };
}

function ruleView(rule: PolicyRule) {
  const list = <T>(value: T | T[]) => (Array.isArray(value) ? value : [value]);
  return { ...rule, action: list(rule.action), subject: list(rule.subject), inverted: rule.inverted === true };
}

function toGraphQLError(error: unknown): unknown {
  if (error instanceof PolicyError) return new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT', issues: error.issues } });
  if (error instanceof PolicyConflictError) {
    return new GraphQLError(error.message, { extensions: { code: 'CONFLICT', currentVersion: error.currentVersion } });
  }
  if (error instanceof PolicyNotFoundError) return new GraphQLError(error.message, { extensions: { code: 'NOT_FOUND' } });
  return error;
}

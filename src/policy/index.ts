/**
 * Access policies: roles and CASL rules as data, validated against the
 * composed schema, compiled into row filters (the sources' Filter language,
 * pushed into every query) and field access; explained, diffed, versioned in
 * the platform database, and administered through GraphQL.
 */
export type {
  AccessDecider,
  Action,
  Actor,
  FieldAccess,
  PolicyRule,
  PolicySet,
  PolicyVersion,
  RolePolicy,
  RuleRef,
  SubjectCatalog,
  SubjectInfo,
  SubjectKind,
} from './types.ts';
export type { PolicyIssue } from './errors.ts';
export type { AccessExplanation, ExplainInput } from './explain.ts';
export type { DiffChange, DiffEntry, PolicyDiff } from './diff.ts';
export type { PolicySetOptions } from './policy-set.ts';
export type { PolicyChange, PolicyStore, PolicyStoreOptions } from './store.ts';
export type { PolicyAdminOptions } from './admin-graphql.ts';

export { ACTIONS } from './types.ts';
export { PolicyConflictError, PolicyError, PolicyNotFoundError } from './errors.ts';
export { ACTIONS_BY_KIND, PLATFORM_SUBJECTS, subjectCatalog } from './catalog.ts';
export { loadPolicyDirectory, parsePolicyDocument } from './load.ts';
export { validatePolicies } from './validate.ts';
export { createPolicySet } from './policy-set.ts';
export { evaluateFilter } from './filter.ts';
export { explainAccess } from './explain.ts';
export { policyDiff } from './diff.ts';
export { POLICY_CHANNEL } from './store-sql.ts';
export { createPolicyStore } from './store.ts';
export { POLICY_SUBJECT, policyAdminResolvers, policyAdminTypeDefs } from './admin-graphql.ts';

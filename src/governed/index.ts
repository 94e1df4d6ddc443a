/**
 * The seam below every plane: the governed request context (actor, policy
 * decider, access collector), its fail-closed accessor, the FORBIDDEN error,
 * rule naming and the touch shape. Operational, lake, live, ingest, platform
 * and every later plane import these from here and nowhere else.
 */
export type { GovernedContext } from './context.ts';
export type { Touch } from './touch.ts';
export type { FieldReadCheck } from './field-rules.ts';
export type { FieldUse, QueryArguments } from './hidden-fields.ts';
export { governedContext, isGoverned } from './context.ts';
export { forbidden, forbiddenField } from './forbidden.ts';
export { ruleName, ruleNames } from './rules.ts';
export { touch } from './touch.ts';
export { readableOnRow } from './field-rules.ts';
export { fieldUses, hiddenFieldError, hiddenUses } from './hidden-fields.ts';

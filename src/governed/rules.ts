import type { RuleRef } from '../policy/index.ts';

/** How a deciding rule is named in errors and access records: `<role>#<index>`, e.g. `support#2`. */
export function ruleName(rule: RuleRef | undefined): string | undefined {
  return rule ? `${rule.role}#${rule.index}` : undefined;
}

/** Several deciding rules, deduplicated and comma-joined (`analyst#0,analyst#3`); undefined when none. */
export function ruleNames(rules: readonly (RuleRef | undefined)[]): string | undefined {
  const names = rules.map(ruleName).filter((name): name is string => name !== undefined);
  return names.length > 0 ? [...new Set(names)].join(',') : undefined;
}

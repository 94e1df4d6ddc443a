/**
 * Adapts a request's policy decider and access collector to what the
 * operational plane asks for. Decisions are memoised per subject for the
 * request, so per-row field checks cost a map lookup.
 */
import type { AccessCollector } from '../audit/index.ts';
import type { FieldCheck, OperationalAccess } from '../operational/index.ts';
import type { AccessDecider, FieldAccess, RuleRef } from '../policy/index.ts';

export function ruleName(rule: RuleRef | undefined): string | undefined {
  return rule ? `${rule.role}#${rule.index}` : undefined;
}

export function operationalAccessFor(decider: AccessDecider, collector: AccessCollector): OperationalAccess {
  const filters = new Map<string, ReturnType<OperationalAccess['rowFilter']>>();
  const checks = new Map<string, FieldCheck>();
  const access: OperationalAccess = {
    rowFilter(subject) {
      let decided = filters.get(subject);
      if (!decided) {
        const { filter, rules } = decider.rowFilter('read', subject);
        decided = { filter, rule: rules.map(ruleName).join(',') || undefined };
        filters.set(subject, decided);
      }
      return decided;
    },
    fieldCheck(subject) {
      const known = checks.get(subject);
      if (known) return known;
      const check = memoisedFieldCheck(decider.fieldAccess('read', subject));
      checks.set(subject, check);
      return check;
    },
    touch(read) {
      // Allowed reads are attributed to the rules that granted the rows, so rows and fields merge into one entry.
      const rule = read.decision === 'allow' ? access.rowFilter(read.subject).rule : read.rule;
      collector.touch({ ...read, rule, plane: 'operational', action: 'read' });
    },
  };
  return access;
}

function memoisedFieldCheck(access: FieldAccess): FieldCheck {
  const allowed = new Map<string, boolean>();
  return {
    allowed(field) {
      const known = allowed.get(field);
      if (known !== undefined) return known;
      const decided = access.allowed(field);
      allowed.set(field, decided);
      return decided;
    },
    needsRowCheck: (field) => access.needsRowCheck(field),
    allowedOnRow: (field, row) => access.allowedOnRow(field, row),
    ruleFor: (field) => ruleName(access.rule(field)),
  };
}

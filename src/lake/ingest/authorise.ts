/**
 * Ingestion policy: `create` on the dataset's subject, decided per event on
 * its normalised record, so a conditional rule (`create` where
 * `userId = ${user.sub}`) lets an app send only its own user's events.
 * No decider means no credentials: every event is FORBIDDEN (fail closed).
 */
import { evaluateFilter, type AccessDecider, type RuleRef } from '../../policy/index.ts';
import type { Filter } from '../../sources/index.ts';
import { rejected, type PreparedEvent } from './prepare.ts';

export interface SubjectDecision {
  filter: Filter;
  /** The rule that grants `create` on the subject (type level), or the one that denies it. */
  rule: RuleRef | undefined;
}

export function authorise(
  prepared: readonly PreparedEvent[],
  access: AccessDecider | undefined,
): { events: PreparedEvent[]; decisions: Map<string, SubjectDecision> } {
  const decisions = new Map<string, SubjectDecision>();
  const decisionFor = (subject: string): SubjectDecision | undefined => {
    if (!access) return undefined;
    let decision = decisions.get(subject);
    if (!decision) {
      decision = { filter: access.rowFilter('create', subject).filter, rule: access.can('create', subject).rule };
      decisions.set(subject, decision);
    }
    return decision;
  };
  const events = prepared.map((item): PreparedEvent => {
    if (item.kind === 'rejected') return item;
    const decision = decisionFor(item.runtime.subject);
    if (decision && evaluateFilter(decision.filter, item.event.record)) return item;
    const why = decision ? `no rule allows create on ${item.runtime.subject} for this event` : 'no credentials';
    return rejected(item.index, 'FORBIDDEN', why, { eventId: item.event.eventId, dataset: item.runtime.qualifiedName });
  });
  return { events, decisions };
}

/**
 * Which subjects a rule's `subject` names. Forms:
 * - an exact subject from the catalog: `commerce.Order`, `commerce.cube.revenue`;
 * - `all` (CASL's keyword): every subject, platform ones included;
 * - a wildcard: dot-separated segments where `*` matches one segment and a
 *   final `**` one or more. `*` in the domain position matches data-product
 *   domains only, never `platform`. `commerce.*` = commerce's entities,
 *   `commerce.**` = everything of commerce, `*.cube.*` = every cube.
 *   Wildcards are accepted even when nothing matches yet (planes to come).
 * - a templated domain: `${user.<claim>}.**` (or `.*`, `.cube.*`, …): the
 *   domain named by the actor's claim, expanded when the actor's ability is
 *   built; a missing claim matches nothing.
 */
import { PLATFORM_DOMAIN } from './catalog.ts';
import { placeholderClaim } from './placeholders.ts';
import type { Actor, SubjectCatalog } from './types.ts';
import { claimValue } from './placeholders.ts';
import { assertNever } from '../common/index.ts';

export type SubjectPattern = { kind: 'all' } | { kind: 'exact'; subject: string } | { kind: 'wildcard'; domain: DomainSelector; rest: string[] };

type DomainSelector = { kind: 'any' } | { kind: 'named'; name: string } | { kind: 'claim'; claim: string };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Parses a subject string; returns a message when it is malformed. */
export function parseSubjectPattern(text: string): SubjectPattern | { kind: 'invalid'; message: string } {
  if (text === 'all') return { kind: 'all' };
  const [first, ...rest] = splitDomain(text);
  if (rest.length === 0) return { kind: 'invalid', message: `"${text}" must be "all" or "<domain>.<name>"` };
  const claim = placeholderClaim(first);
  const domain: DomainSelector | undefined =
    first === '*' ? { kind: 'any' } : claim ? { kind: 'claim', claim } : IDENTIFIER.test(first) ? { kind: 'named', name: first } : undefined;
  if (!domain) return { kind: 'invalid', message: `"${first}" is not a domain, "*" or "\${user.<claim>}"` };
  for (const [index, segment] of rest.entries()) {
    const last = index === rest.length - 1;
    if (segment === '*' || (segment === '**' && last) || IDENTIFIER.test(segment)) continue;
    return { kind: 'invalid', message: `segment "${segment}" of "${text}" must be a name, "*" or a final "**"` };
  }
  const wild = domain.kind !== 'named' || rest.some((segment) => segment.startsWith('*'));
  return wild ? { kind: 'wildcard', domain, rest } : { kind: 'exact', subject: text };
}

/** The catalog subjects a parsed pattern names for this actor (claims resolve templated domains). */
export function expandSubjectPattern(pattern: SubjectPattern, catalog: SubjectCatalog, actor?: Actor): string[] {
  switch (pattern.kind) {
    case 'all':
      return [...catalog.keys()];
    case 'exact':
      return catalog.has(pattern.subject) ? [pattern.subject] : [];
    case 'wildcard':
      return [...catalog.keys()].filter((subject) => matchesWildcard(pattern, subject, actor));
    default:
      return assertNever(pattern, 'subject pattern');
  }
}

function matchesWildcard(pattern: Extract<SubjectPattern, { kind: 'wildcard' }>, subject: string, actor?: Actor): boolean {
  const [domain, ...rest] = splitDomain(subject);
  if (!domainMatches(pattern.domain, domain, actor)) return false;
  return segmentsMatch(pattern.rest, rest);
}

function domainMatches(selector: DomainSelector, domain: string, actor?: Actor): boolean {
  switch (selector.kind) {
    case 'any':
      return domain !== PLATFORM_DOMAIN;
    case 'named':
      return selector.name === domain;
    case 'claim': {
      const value = actor ? claimValue(actor, selector.claim) : undefined;
      return typeof value === 'string' && value === domain;
    }
    default:
      return assertNever(selector, 'domain selector');
  }
}

function segmentsMatch(pattern: string[], segments: string[]): boolean {
  if (pattern.at(-1) === '**') {
    const fixed = pattern.slice(0, -1);
    return segments.length > fixed.length && fixed.every((p, i) => p === '*' || p === segments[i]);
  }
  return pattern.length === segments.length && pattern.every((p, i) => p === '*' || p === segments[i]);
}

/** The domain (which may be a `${user.x}` placeholder holding no dot) and the rest. */
function splitDomain(text: string): string[] {
  return text.split('.').reduce<string[]>((parts, part) => {
    const previous = parts.at(-1);
    if (previous !== undefined && parts.length === 1 && previous.startsWith('${') && !previous.endsWith('}')) {
      parts[0] = `${previous}.${part}`;
    } else {
      parts.push(part);
    }
    return parts;
  }, []);
}

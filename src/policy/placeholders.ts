/**
 * `${user.<claim>}` placeholders in rule conditions and subjects. A placeholder
 * is a whole string value (never spliced into a longer string), so a claim's
 * value keeps its type: `${user.roles}` is a list, a numeric claim a number.
 * `user.sub` and `user.roles` come from the actor; any other name from its claims.
 */
import type { Actor } from './types.ts';

const PLACEHOLDER = /^\$\{user\.([A-Za-z_][A-Za-z0-9_]*)\}$/;

/** The claim a string names, or undefined when it is not a placeholder. */
export function placeholderClaim(value: string): string | undefined {
  return PLACEHOLDER.exec(value)?.[1];
}

/** A message when a string looks like a placeholder but is not a valid one. */
export function placeholderSyntaxIssue(value: string): string | undefined {
  if (!value.includes('${') || PLACEHOLDER.test(value)) return undefined;
  return `"${value}" is not a placeholder: use a whole value "\${user.sub}", "\${user.roles}" or "\${user.<claim>}"`;
}

/** A claim's value, or undefined when the actor lacks it (null counts as missing). */
export function claimValue(actor: Actor, claim: string): unknown {
  const value = claim === 'sub' ? actor.sub : claim === 'roles' ? actor.roles : actor.claims[claim];
  return value === null ? undefined : value;
}

/** Every claim named by placeholders anywhere in `value`. */
export function claimsIn(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    const claim = placeholderClaim(value);
    if (claim) into.add(claim);
  } else if (Array.isArray(value)) {
    for (const item of value) claimsIn(item, into);
  } else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) claimsIn(item, into);
  }
  return into;
}

/** `value` with placeholders replaced; `missing` when some claim was absent. */
export function substitutePlaceholders(value: unknown, actor: Actor): { value: unknown; missing: boolean } {
  let missing = false;
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') {
      const claim = placeholderClaim(node);
      if (claim === undefined) return node;
      const resolved = claimValue(actor, claim);
      if (resolved === undefined) missing = true;
      return resolved;
    }
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object' && !(node instanceof Date)) {
      return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, walk(item)]));
    }
    return node;
  };
  const result = walk(value);
  return { value: result, missing };
}

type Json = Record<string | symbol, unknown>;

/** Marks an object whose `_entities` lookup answered null: the response shows it as null. */
export const MISSING_ENTITY: unique symbol = Symbol('missing-entity');

/**
 * Merges a subgraph's object into the gateway's result object in place. Objects (and lists of objects) present on
 * both sides merge recursively; anything else is taken from `source`. Shared sub-objects are fine: merges are idempotent.
 */
export function mergeInto(target: Json, source: Json): void {
  for (const key in source) {
    const value = source[key];
    const existing = target[key];
    if (existing !== null && typeof existing === 'object' && value !== null && typeof value === 'object' && existing !== value) {
      if (Array.isArray(existing)) mergeLists(existing, value as unknown[]);
      else mergeInto(existing as Json, value as Json);
    } else {
      target[key] = value;
    }
  }
}

function mergeLists(target: unknown[], source: unknown[]) {
  const n = Math.min(target.length, source.length);
  for (let i = 0; i < n; i++) {
    const t = target[i];
    const s = source[i];
    if (t !== null && typeof t === 'object' && s !== null && typeof s === 'object' && t !== s) {
      if (Array.isArray(t)) mergeLists(t, s as unknown[]);
      else mergeInto(t as Json, s as Json);
    }
  }
}

/**
 * Secrets never reach the access log: variables are redacted by key name, at any depth.
 * And any variables can be recorded: values nested deeper than MAX_RECORDED_DEPTH levels are
 * replaced by "[TRUNCATED]", so hashing and storing a record never recurses without bound
 * (the gateway refuses such input anyway; its record must still be written).
 */

export const REDACTED = '[REDACTED]';
export const TRUNCATED = '[TRUNCATED]';

/**
 * How many levels of containers a recorded variables object keeps, the object itself being the
 * first: well past the gateway's input depth limit (at most 64 per variable), within what jsonb takes.
 */
export const MAX_RECORDED_DEPTH = 100;

/** Key names treated as secrets wherever they appear in the variables. */
export const SECRET_KEY_PATTERN = /pass(word)?|secret|token|authorization|api[-_]?key|credential|private[-_]?key/i;

interface Walk {
  isSecret: (key: string) => boolean;
  seen: WeakSet<object>;
}

/**
 * A deep copy of `variables` in which every value under a secret-looking key (or one of
 * `extraKeys`, compared case-insensitively) is replaced by "[REDACTED]", whatever its type,
 * and every container deeper than MAX_RECORDED_DEPTH by "[TRUNCATED]".
 */
export function redactVariables(variables: Record<string, unknown> | null | undefined, extraKeys: readonly string[] = []): Record<string, unknown> | null {
  if (variables === null || variables === undefined) return null;
  const extra = new Set(extraKeys.map((key) => key.toLowerCase()));
  const isSecret = (key: string) => SECRET_KEY_PATTERN.test(key) || extra.has(key.toLowerCase());
  return redactObject(variables, { isSecret, seen: new WeakSet() }, 1);
}

function redactValue(value: unknown, walk: Walk, depth: number): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (depth > MAX_RECORDED_DEPTH) return TRUNCATED;
  if (walk.seen.has(value)) return '[CIRCULAR]';
  if (Array.isArray(value)) {
    walk.seen.add(value);
    const items = value.map((item) => redactValue(item, walk, depth + 1));
    walk.seen.delete(value);
    return items;
  }
  return redactObject(value as Record<string, unknown>, walk, depth);
}

function redactObject(object: Record<string, unknown>, walk: Walk, depth: number): Record<string, unknown> {
  walk.seen.add(object);
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    result[key] = walk.isSecret(key) ? REDACTED : redactValue(value, walk, depth + 1);
  }
  walk.seen.delete(object);
  return result;
}

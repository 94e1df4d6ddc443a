/** Secrets never reach the access log: variables are redacted by key name, at any depth. */

export const REDACTED = '[REDACTED]';

/** Key names treated as secrets wherever they appear in the variables. */
export const SECRET_KEY_PATTERN = /pass(word)?|secret|token|authorization|api[-_]?key|credential|private[-_]?key/i;

/**
 * A deep copy of `variables` in which every value under a secret-looking key (or one of
 * `extraKeys`, compared case-insensitively) is replaced by "[REDACTED]", whatever its type.
 */
export function redactVariables(
  variables: Record<string, unknown> | null | undefined,
  extraKeys: readonly string[] = [],
): Record<string, unknown> | null {
  if (variables === null || variables === undefined) return null;
  const extra = new Set(extraKeys.map((key) => key.toLowerCase()));
  const isSecret = (key: string) => SECRET_KEY_PATTERN.test(key) || extra.has(key.toLowerCase());
  return redactObject(variables, isSecret, new WeakSet());
}

function redactValue(value: unknown, isSecret: (key: string) => boolean, seen: WeakSet<object>): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (seen.has(value)) return '[CIRCULAR]';
  if (Array.isArray(value)) {
    seen.add(value);
    const items = value.map((item) => redactValue(item, isSecret, seen));
    seen.delete(value);
    return items;
  }
  return redactObject(value as Record<string, unknown>, isSecret, seen);
}

function redactObject(
  object: Record<string, unknown>,
  isSecret: (key: string) => boolean,
  seen: WeakSet<object>,
): Record<string, unknown> {
  seen.add(object);
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    result[key] = isSecret(key) ? REDACTED : redactValue(value, isSecret, seen);
  }
  seen.delete(object);
  return result;
}

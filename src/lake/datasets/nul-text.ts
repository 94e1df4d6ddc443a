/**
 * NUL characters (U+0000) in event text. The platform's stores cannot hold
 * them in text or jsonb (the idempotency claims keep event ids in
 * PostgreSQL; records read back are filtered with the same grammar as the
 * operational plane, which refuses NUL), so an event carrying one is
 * rejected on its own, naming the field, instead of failing the batch.
 */
import type { JsonValue } from './types.ts';

const NUL = '\u0000';

/**
 * Where the first NUL in a normalised field value is, relative to the field
 * (`''` for the value itself, `[2]`, `.a.b` inside JSON, keys included);
 * undefined when there is none. Iterative; JSON values are at most 64 deep.
 */
export function nulPath(value: JsonValue): string | undefined {
  const pending: { value: JsonValue; path: string }[] = [{ value, path: '' }];
  for (let next = 0; next < pending.length; next++) {
    const { value: current, path } = pending[next]!;
    if (typeof current === 'string') {
      if (current.includes(NUL)) return path;
    } else if (Array.isArray(current)) {
      current.forEach((item, i) => pending.push({ value: item, path: `${path}[${i}]` }));
    } else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        if (key.includes(NUL)) return `${path}.${JSON.stringify(key)}`;
        pending.push({ value: item, path: `${path}.${key}` });
      }
    }
  }
  return undefined;
}

export function containsNul(text: string): boolean {
  return text.includes(NUL);
}

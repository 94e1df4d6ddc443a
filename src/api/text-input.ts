/**
 * Text the stores cannot hold: PostgreSQL (and FerretDB on it, and PGlite)
 * reject U+0000 in text and jsonb, so a NUL in a filter value or a key would
 * fail the statement. It is refused up front as the caller's input error,
 * BAD_USER_INPUT naming the argument path (`where.email.eq`, `id`).
 */
import { GraphQLError } from 'graphql';

export const NUL = '\u0000';

/** True when the string (or any string in the list) contains U+0000. */
export function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes(NUL);
  return Array.isArray(value) && value.some((item) => typeof item === 'string' && item.includes(NUL));
}

export function nulInputError(argument: string): GraphQLError {
  return new GraphQLError(`${argument} contains a NUL character (U+0000), which text values cannot hold`, {
    extensions: { code: 'BAD_USER_INPUT', argument },
  });
}

/** The value itself, or BAD_USER_INPUT naming `argument` when it holds a NUL character. */
export function withoutNul<T>(value: T, argument: string): T {
  if (containsNul(value)) throw nulInputError(argument);
  return value;
}

/**
 * Where the first NUL is in a value (a string, or inside lists and objects, keys included), as a
 * path relative to it: `''` for the value itself, `[2]`, `.a.b`; undefined when there is none.
 * Iterative, so safe on any depth.
 */
export function nulPath(value: unknown): string | undefined {
  const pending: { value: unknown; path: string }[] = [{ value, path: '' }];
  for (let next = 0; next < pending.length; next++) {
    const current = pending[next]!;
    if (typeof current.value === 'string') {
      if (current.value.includes(NUL)) return current.path;
      continue;
    }
    if (current.value === null || typeof current.value !== 'object') continue;
    const list = Array.isArray(current.value);
    for (const [key, item] of Object.entries(current.value)) {
      if (key.includes(NUL)) return `${current.path}.${JSON.stringify(key)}`;
      pending.push({ value: item, path: list ? `${current.path}[${key}]` : `${current.path}.${key}` });
    }
  }
  return undefined;
}

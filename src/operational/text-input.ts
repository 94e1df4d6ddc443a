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

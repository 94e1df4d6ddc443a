/**
 * Limits on input values, checked before any work: how deep literal and
 * variable values may nest (graphql-js's parser, its variable coercion, the
 * filter compilers and the access log all recurse over them, so a `where`
 * thousands of `not`s deep overflowed the stack and answered 500), and the
 * NUL character, which no store can hold in text.
 *
 * Depth counts containers: `"x"` is 0 deep, `{ eq: "x" }` 1,
 * `{ email: { eq: "x" } }` 2; a list is a level like an object. A value
 * deeper than the limit is refused with INPUT_TOO_DEEP (`limit`, `argument`).
 * Every walk here is iterative, so it is safe on any input.
 */
import { GraphQLError, Lexer, Source, TokenKind, type Token } from 'graphql';
import { nulInputError } from '../../api/index.ts';

/** The default of `MESHGATE_MAX_INPUT_DEPTH`: far beyond any real filter (an `and` inside a `not` inside an `or` is 6). */
export const DEFAULT_MAX_INPUT_DEPTH = 32;

export function inputTooDeep(argument: string, limit: number, variable?: string): GraphQLError {
  return new GraphQLError(`${argument} is nested deeper than ${limit} levels, the limit on input values (MESHGATE_MAX_INPUT_DEPTH).`, {
    extensions: { code: 'INPUT_TOO_DEEP', limit, argument, ...(variable ? { variable } : {}) },
  });
}

/** The operational plane's NUL refusal (same text and code), naming the variable when the NUL came in one. */
export function nulInInput(argument: string, variable?: string): GraphQLError {
  const error = nulInputError(argument);
  return variable ? new GraphQLError(error.message, { extensions: { ...error.extensions, variable } }) : error;
}

/**
 * Scans the document's tokens (the lexer does not recurse) before it is
 * parsed: a literal value nested deeper than `limit` is refused here, since
 * parsing it is what would overflow. A `{` or `[` opens a value when it
 * follows `:` (an argument, object field or variable type) or `=` (a
 * default), or sits inside another value; other braces are selection sets.
 * A lexing error is left to the parser to report.
 */
export function literalDepthError(query: string, limit: number): GraphQLError | undefined {
  const lexer = new Lexer(new Source(query));
  /** Per open brace or bracket: whether it opened a value. */
  const openers: boolean[] = [];
  let depth = 0;
  let [before, previous] = [lexer.token, lexer.token];
  let argument = '';
  let key = '';
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; [before, previous, token] = [previous, token, lexer.advance()]) {
      if (token.kind === TokenKind.NAME && previous.kind === TokenKind.DOLLAR) key = `$${token.value}`;
      else if (token.kind === TokenKind.COLON && previous.kind === TokenKind.NAME && before.kind !== TokenKind.DOLLAR) key = previous.value;
      else if (token.kind === TokenKind.BRACE_L || token.kind === TokenKind.BRACKET_L) {
        const value = openers.at(-1) === true || previous.kind === TokenKind.COLON || previous.kind === TokenKind.EQUALS;
        openers.push(value);
        if (value && ++depth === 1) argument = key;
        if (depth > limit) return tooDeepAt(argument, limit, query, token);
      } else if (token.kind === TokenKind.BRACE_R || token.kind === TokenKind.BRACKET_R) {
        if (openers.pop()) depth--;
      }
    }
  } catch {
    return undefined;
  }
  return undefined;
}

function tooDeepAt(argument: string, limit: number, query: string, token: Token): GraphQLError {
  const error = inputTooDeep(argument || 'an input value', limit);
  return new GraphQLError(error.message, { source: new Source(query), positions: [token.start], extensions: error.extensions });
}

/**
 * Whether `value` (a variable's JSON) nests deeper than `limit`; returns the
 * path (relative to the value) of the first container past it.
 */
export function tooDeepPath(value: unknown, limit: number): string | undefined {
  const pending: { value: unknown; depth: number; path: string }[] = [{ value, depth: 0, path: '' }];
  while (pending.length > 0) {
    const current = pending.pop()!;
    if (current.value === null || typeof current.value !== 'object') continue;
    const depth = current.depth + 1;
    if (depth > limit) return current.path;
    for (const [key, item] of Object.entries(current.value)) {
      pending.push({ value: item, depth, path: Array.isArray(current.value) ? `${current.path}[${key}]` : `${current.path}.${key}` });
    }
  }
  return undefined;
}

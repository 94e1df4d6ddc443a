/**
 * The exhaustive check every `switch` over a union ends in: the compiler
 * proves the call unreachable (`value` is `never`), and should a value the
 * types did not foresee arrive at run time (a cast, untyped input), it throws
 * instead of falling through silently.
 */
export class UnhandledCaseError extends Error {
  readonly code = 'UNHANDLED_CASE';
  constructor(what: string, value: unknown) {
    super(`unhandled ${what}: ${describe(value)}`);
    this.name = 'UnhandledCaseError';
  }
}

/** `what` names the union in the message (`'filter'`, `'audit mode'`); default `case`. */
export function assertNever(value: never, what = 'case'): never {
  throw new UnhandledCaseError(what, value);
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

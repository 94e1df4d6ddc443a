/**
 * Canonical JSON for hashing, and the normalisation that makes a value survive a PostgreSQL jsonb
 * round trip unchanged. The contract: for any input `v`, with `n = toStorableJson(v)`,
 * `canonicalJson(JSON.parse(<jsonb text of n>)) === canonicalJson(n)`. jsonb reorders keys (so keys
 * are sorted here), rejects NUL characters and lone surrogates (so they are replaced on the way in),
 * and stores numbers as exact decimals that parse back to the same doubles.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Sorted keys (UTF-16 code unit order), no whitespace, Dates as ISO strings, `undefined` members omitted. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'object':
      return Array.isArray(value) ? canonicalArray(value) : canonicalObject(value as Record<string, unknown>);
    default:
      return 'null';
  }
}

function canonicalArray(items: unknown[]): string {
  return `[${items.map((item) => canonicalJson(item)).join(',')}]`;
}

function canonicalObject(object: Record<string, unknown>): string {
  const members = Object.keys(object)
    .filter((key) => object[key] !== undefined && typeof object[key] !== 'function')
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`);
  return `{${members.join(',')}}`;
}

/**
 * Plain JSON that jsonb stores and returns unchanged (modulo key order): Dates → ISO strings,
 * bigints → decimal strings, non-finite numbers → null, `undefined`/functions dropped from objects
 * (null in arrays, as JSON.stringify does), NUL → U+FFFD, lone surrogates → U+FFFD, cycles → "[CIRCULAR]".
 */
export function toStorableJson(value: unknown, seen: WeakSet<object> = new WeakSet()): JsonValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? (Object.is(value, -0) ? 0 : value) : null;
    case 'string':
      return storableString(value);
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'object':
      return storableContainer(value, seen);
    default:
      return null;
  }
}

function storableContainer(value: object, seen: WeakSet<object>): JsonValue {
  if (seen.has(value)) return '[CIRCULAR]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => toStorableJson(item, seen));
    const result: { [key: string]: JsonValue } = {};
    for (const [key, member] of Object.entries(value)) {
      if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
      result[storableString(key)] = toStorableJson(member, seen);
    }
    return result;
  } finally {
    seen.delete(value);
  }
}

function storableString(text: string): string {
  return text.toWellFormed().replaceAll('\u0000', '\uFFFD');
}

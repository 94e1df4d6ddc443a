/** A name no other run uses (a schema, a database), so concurrent runs never share state. */
export function uniqueRunName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

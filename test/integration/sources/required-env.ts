/**
 * Integration suites fail, never skip, when their service is not configured:
 * a silently skipped suite would hide an untested adapter.
 */
export function requiredEnv(name: string, hint: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`${name} is not set: ${hint}`);
  }
  return value;
}

export function uniqueRunName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

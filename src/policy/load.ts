/**
 * The YAML baseline: one role per file, `policies/<role>.yaml`. The file
 * name is the role unless the document says `role:` (which must then agree).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { PolicyError } from './errors.ts';
import type { RolePolicy } from './types.ts';

export async function loadPolicyDirectory(dir: string): Promise<{ file: string; policy: RolePolicy }[]> {
  const names = (await readdir(dir)).filter((name) => /\.ya?ml$/.test(name)).sort();
  const loaded: { file: string; policy: RolePolicy }[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    loaded.push({ file, policy: parsePolicyDocument(await readFile(file, 'utf8'), file) });
  }
  return loaded;
}

/** Parses one role's YAML; syntax errors and a mismatched role name are PolicyErrors naming the file. */
export function parsePolicyDocument(text: string, file: string): RolePolicy {
  const role = path.basename(file).replace(/\.ya?ml$/, '');
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new PolicyError([{ file, role, path: '', message: `YAML: ${(error as Error).message}` }]);
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new PolicyError([{ file, role, path: '', message: 'must be a mapping with `rules:` (and optional `description`, `inherits`)' }]);
  }
  const policy = { role, rules: [], ...(document as Record<string, unknown>) } as RolePolicy;
  if (policy.role !== role) {
    throw new PolicyError([{ file, role, path: 'role', message: `says "${String(policy.role)}" but the file is named for "${role}"` }]);
  }
  policy.rules ??= [];
  return policy;
}

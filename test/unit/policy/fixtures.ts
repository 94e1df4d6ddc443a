/** Shared fixtures for the policy tests: the demo mesh's catalog and baseline, and a small synthetic subject. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDomains } from '../../../src/gateway/load-domains.ts';
import { loadPolicyDirectory, subjectCatalog, type Actor, type RolePolicy, type SubjectInfo } from '../../../src/policy/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const POLICIES_DIR = path.join(root, 'policies');

export async function demoCatalog() {
  return subjectCatalog(await loadDomains(path.join(root, 'domains')));
}

export async function demoBaseline(): Promise<RolePolicy[]> {
  return (await loadPolicyDirectory(POLICIES_DIR)).map((entry) => entry.policy);
}

export function actor(roles: string[], claims: Record<string, unknown> = {}, sub: string | null = 'u000001'): Actor {
  return { sub, roles, claims };
}

/** A synthetic subject for property tests: numbers, strings and a nullable field. */
export const SYNTHETIC: SubjectInfo = {
  subject: 'lab.Sample',
  kind: 'entity',
  domain: 'lab',
  actions: ['read', 'create', 'update', 'delete', 'manage'],
  fields: {
    id: { type: 'ID', classification: [] },
    score: { type: 'Int', classification: [] },
    color: { type: 'String', classification: [] },
    owner: { type: 'String', classification: ['pii'] },
    size: { type: 'Int', classification: [] },
  },
};

export function syntheticCatalog() {
  return new Map([[SYNTHETIC.subject, SYNTHETIC]]);
}

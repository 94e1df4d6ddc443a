/** SQL of the versioned policy store (PostgreSQL dialect; PGlite runs it too). */
import type { SqlQueryable } from '../sources/index.ts';
import type { PolicyRule, PolicyVersion, RolePolicy } from './types.ts';

export const POLICY_CHANNEL = 'meshgate_policy';
/** One advisory lock serialises every policy write: validity depends on the whole set (inheritance). */
const POLICY_WRITE_LOCK = 7_220_431_001;

export const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS meshgate_policy_versions (
  role text NOT NULL,
  version int NOT NULL,
  document jsonb NOT NULL,
  author text,
  comment text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (role, version)
)`;

interface VersionRow {
  role: string;
  version: number;
  document: { description?: string; inherits?: string[]; budget?: number; rules: PolicyRule[] } | string;
  author: string | null;
  comment: string | null;
  created_at: Date | string;
  [column: string]: unknown;
}

const COLUMNS = 'role, version, document, author, comment, created_at';

export async function lockPolicyWrites(tx: SqlQueryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [POLICY_WRITE_LOCK]);
}

export async function latestVersions(db: SqlQueryable): Promise<PolicyVersion[]> {
  const rows = await db.query<VersionRow>(`SELECT DISTINCT ON (role) ${COLUMNS} FROM meshgate_policy_versions ORDER BY role, version DESC`);
  // Byte order, whatever the database's collation.
  return rows.map(toVersion).sort((a, b) => (a.role < b.role ? -1 : a.role > b.role ? 1 : 0));
}

export async function roleHistory(db: SqlQueryable, role: string): Promise<PolicyVersion[]> {
  const rows = await db.query<VersionRow>(`SELECT ${COLUMNS} FROM meshgate_policy_versions WHERE role = $1 ORDER BY version DESC`, [role]);
  return rows.map(toVersion);
}

export async function roleVersion(db: SqlQueryable, role: string, version: number): Promise<PolicyVersion | null> {
  const rows = await db.query<VersionRow>(`SELECT ${COLUMNS} FROM meshgate_policy_versions WHERE role = $1 AND version = $2`, [role, version]);
  return rows.length > 0 ? toVersion(rows[0]) : null;
}

export async function insertVersion(
  tx: SqlQueryable,
  policy: RolePolicy,
  version: number,
  author: string | null,
  comment: string | null,
): Promise<PolicyVersion> {
  const document = { description: policy.description, inherits: policy.inherits, budget: policy.budget, rules: policy.rules };
  const rows = await tx.query<VersionRow>(
    `INSERT INTO meshgate_policy_versions (role, version, document, author, comment) VALUES ($1, $2, $3::jsonb, $4, $5) RETURNING ${COLUMNS}`,
    [policy.role, version, JSON.stringify(document), author, comment],
  );
  return toVersion(rows[0]);
}

export function toRolePolicy(version: PolicyVersion): RolePolicy {
  const policy: RolePolicy = { role: version.role, rules: version.rules };
  if (version.description !== undefined) policy.description = version.description;
  if (version.inherits !== undefined) policy.inherits = version.inherits;
  if (version.budget !== undefined) policy.budget = version.budget;
  return policy;
}

function toVersion(row: VersionRow): PolicyVersion {
  const document = typeof row.document === 'string' ? JSON.parse(row.document) : row.document;
  const version: PolicyVersion = {
    role: row.role,
    version: Number(row.version),
    rules: document.rules ?? [],
    author: row.author,
    comment: row.comment,
    createdAt: new Date(row.created_at),
  };
  if (document.description != null) version.description = document.description;
  if (document.inherits != null) version.inherits = document.inherits;
  if (document.budget != null) version.budget = document.budget;
  return version;
}

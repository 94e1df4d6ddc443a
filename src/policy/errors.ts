/** Errors of the policy module; each carries a `code` the admin API maps to GraphQL. */

export interface PolicyIssue {
  file?: string;
  role: string;
  /** Index of the rule in the role's `rules`, when the issue is about one rule. */
  rule?: number;
  /** Where in the role document, e.g. `rules[2].conditions.userId`. */
  path: string;
  message: string;
}

/** Policies that do not validate against the composed schema. */
export class PolicyError extends Error {
  readonly code = 'INVALID_POLICY';
  readonly issues: PolicyIssue[];
  constructor(issues: PolicyIssue[]) {
    super(`invalid policy:\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'PolicyError';
    this.issues = issues;
  }
}

/** An optimistic-concurrency failure: someone changed the role first. */
export class PolicyConflictError extends Error {
  readonly code = 'CONFLICT';
  readonly role: string;
  readonly currentVersion: number;
  constructor(role: string, expectedVersion: number, currentVersion: number) {
    super(`policy "${role}" is at version ${currentVersion}, not ${expectedVersion}: reload it and apply the change again`);
    this.name = 'PolicyConflictError';
    this.role = role;
    this.currentVersion = currentVersion;
  }
}

/** A role or version that does not exist. */
export class PolicyNotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(message: string) {
    super(message);
    this.name = 'PolicyNotFoundError';
  }
}

function formatIssue(issue: PolicyIssue): string {
  const where = [issue.file, `role "${issue.role}"`, issue.rule === undefined ? undefined : `rule #${issue.rule}`].filter(Boolean).join(', ');
  return `  ${where} at ${issue.path}: ${issue.message}`;
}

/** One problem in a descriptor: which domain, where in it, and what is allowed. */
export interface DescriptorIssue {
  domain: string;
  /** Dotted path inside the descriptor, e.g. `operational.entities.Order.key`. */
  path: string;
  message: string;
}

/** Raised at load when a descriptor (or the mesh of them) is invalid. */
export class DescriptorError extends Error {
  readonly code = 'INVALID_DESCRIPTOR';
  readonly issues: DescriptorIssue[];
  constructor(issues: DescriptorIssue[]) {
    super(`invalid data product descriptor:\n` + issues.map((i) => `  - ${i.domain}: ${i.path || '(root)'}: ${i.message}`).join('\n'));
    this.name = 'DescriptorError';
    this.issues = issues;
  }
}

import { GraphQLError } from 'graphql';

/** One problem found while composing subgraphs; `subgraphs` names every subgraph involved. */
export interface CompositionIssue {
  message: string;
  code?: string;
  subgraphs: string[];
  coordinate?: string;
}

/** Thrown by composeSupergraph; the message lists every issue with the subgraphs, types and fields it concerns. */
export class CompositionError extends Error {
  readonly code = 'COMPOSITION_ERROR';
  readonly issues: CompositionIssue[];

  constructor(issues: CompositionIssue[]) {
    super(`Supergraph composition failed:\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'CompositionError';
    this.issues = issues;
  }
}

function formatIssue(issue: CompositionIssue): string {
  const where = issue.subgraphs.length ? ` [subgraphs: ${issue.subgraphs.join(', ')}]` : '';
  const code = issue.code ? `${issue.code}: ` : '';
  return `- ${code}${issue.message}${where}`;
}

export type PlanErrorCode = 'UNPLANNABLE_FIELD' | 'PLAN_ALIAS_CONFLICT' | 'INVALID_SUPERGRAPH';

/** The planner cannot build a plan for an operation (or model a supergraph). */
export class PlanError extends Error {
  readonly code: PlanErrorCode;

  constructor(code: PlanErrorCode, message: string) {
    super(message);
    this.name = 'PlanError';
    this.code = code;
  }
}

/** A GraphQL error whose extensions always carry a `code`. */
export function codedGraphQLError(message: string, code: string, extra?: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

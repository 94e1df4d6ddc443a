import { auditServer } from 'graphql-http';

export interface ServerAuditSummary {
  /** Failed MUST audits: any entry means the server breaks the GraphQL-over-HTTP spec. */
  failures: string[];
  /** Failed SHOULD/MAY audits, as `<requirement> <name>: <reason>`, for the report to justify. */
  warnings: string[];
}

/**
 * Runs graphql-http's server audits against a running GraphQL endpoint (the full URL, e.g.
 * `http://127.0.0.1:4000/graphql`). The server must answer `{ __typename }` and have a Mutation type.
 * Reusable against the real gateway.
 */
export async function runServerAudits(url: string): Promise<ServerAuditSummary> {
  const results = await auditServer({ url, fetchFn: fetch });
  const failures: string[] = [];
  const warnings: string[] = [];
  for (const result of results) {
    switch (result.status) {
      case 'ok':
        break;
      case 'error':
        failures.push(`${result.name}: ${result.reason}`);
        break;
      case 'warn':
      case 'notice':
        warnings.push(`${result.name}: ${result.reason}`);
        break;
      default:
        throw new Error(`unknown audit status in ${JSON.stringify(result satisfies never)}`);
    }
  }
  return { failures, warnings };
}

/**
 * `auditLog` for the platform subgraph: SDL and resolvers. Type names carry an `Audit`/`Access`
 * prefix because type names are unique across the mesh.
 */
import { badUserInput } from '../api/index.ts';
import { AuditQueryError } from './query.ts';
import type { AccessRecord, AuditLog, AuditLogWhere } from './types.ts';

export const auditLogTypeDefs = /* GraphQL */ `
extend type Query {
  "The tamper-evident access log, newest first. Needs read access to platform.AuditLog."
  auditLog(where: AuditLogWhere, first: Int, after: String): AuditLogConnection!
}

input AuditLogWhere {
  actorSub: String
  requestId: String
  operationName: String
  "Records that touched this policy subject, e.g. commerce.Order."
  subject: String
  status: AccessStatus
  "ISO 8601; inclusive."
  from: String
  "ISO 8601; exclusive."
  to: String
}

enum AccessStatus { ok partial denied error }
enum AccessDecision { allow deny partial }
enum AccessPlane { operational lake analytical prediction platform }
enum AccessOperationType { query mutation subscription }

type AuditLogConnection {
  edges: [AuditLogEdge!]!
  pageInfo: AuditLogPageInfo!
}

type AuditLogEdge {
  cursor: String!
  node: AccessRecord!
}

type AuditLogPageInfo {
  hasNextPage: Boolean!
  endCursor: String
}

"One operation as the gateway served it, chained to the record before it."
type AccessRecord {
  "Position in the chain, from 1."
  seq: ID!
  "ISO 8601, millisecond precision."
  time: String!
  requestId: String!
  actor: AccessActor!
  operationName: String
  operationType: AccessOperationType
  "SHA-256 of the operation document."
  documentHash: String
  "The variables as JSON text, secrets redacted."
  variables: String
  resources: [AccessResource!]!
  status: AccessStatus!
  errorCodes: [String!]!
  durationMs: Float!
  prevHash: String!
  hash: String!
}

type AccessActor {
  sub: String
  roles: [String!]!
  ip: String
  userAgent: String
}

type AccessResource {
  domain: String!
  plane: AccessPlane!
  subject: String!
  action: String!
  fields: [String!]!
  rows: Int!
  decision: AccessDecision!
  "The deciding rule, e.g. analyst#3."
  rule: String
  reason: String
}
`;

interface AuditLogArgs {
  where?: { [K in keyof AuditLogWhere]?: string | null } | null;
  first?: number | null;
  after?: string | null;
}

/** `authorize(context)` throws (FORBIDDEN) when the caller may not read platform.AuditLog. */
export function auditLogResolvers(log: AuditLog, authorize: (context: unknown) => void): Record<string, any> {
  return {
    Query: {
      async auditLog(_source: unknown, args: AuditLogArgs, context: unknown) {
        authorize(context);
        try {
          const page = await log.query({ where: toWhere(args.where), first: args.first ?? undefined, after: args.after ?? undefined });
          return {
            edges: page.records.map((record) => ({ cursor: String(record.seq), node: toGraphQLRecord(record) })),
            pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
          };
        } catch (error) {
          if (error instanceof AuditQueryError) throw badUserInput(error.message, error.argument);
          throw error;
        }
      },
    },
  };
}

function toWhere(where: AuditLogArgs['where']): AuditLogWhere {
  const result: AuditLogWhere = {};
  if (!where) return result;
  if (where.actorSub != null) result.actorSub = where.actorSub;
  if (where.requestId != null) result.requestId = where.requestId;
  if (where.operationName != null) result.operationName = where.operationName;
  if (where.subject != null) result.subject = where.subject;
  if (where.status != null) result.status = where.status as AuditLogWhere['status'];
  if (where.from != null) result.from = isoDate(where.from, 'from');
  if (where.to != null) result.to = isoDate(where.to, 'to');
  return result;
}

function isoDate(text: string, name: string): Date {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw badUserInput(`where.${name} is not an ISO 8601 date: ${JSON.stringify(text)}`, `where.${name}`);
  return date;
}

function toGraphQLRecord(record: AccessRecord) {
  return {
    ...record,
    time: record.time.toISOString(),
    variables: record.variables === null ? null : JSON.stringify(record.variables),
    actor: { ip: null, userAgent: null, ...record.actor },
  };
}

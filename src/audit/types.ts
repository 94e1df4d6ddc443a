/** The access log's public types: what one request leaves behind, and what `verify` reports. */
import type { Logger } from '../observability/index.ts';
import type { PlatformDatabase } from '../sources/index.ts';

export type Plane = 'operational' | 'lake' | 'analytical' | 'prediction' | 'platform';

export type AccessDecision = 'allow' | 'deny' | 'partial';

/** One resource an operation touched, under the policy decision that applied to it. */
export interface ResourceAccess {
  domain: string;
  plane: Plane;
  /** The policy subject, e.g. `commerce.Order`. */
  subject: string;
  action: string;
  /** Fields returned to the caller (after masking). */
  fields: string[];
  rows: number;
  decision: AccessDecision;
  /** The deciding rule, e.g. `analyst#3`. */
  rule?: string;
  reason?: string;
}

export interface Actor {
  sub: string | null;
  roles: string[];
  ip?: string;
  userAgent?: string;
}

export type OperationType = 'query' | 'mutation' | 'subscription';

export type AccessStatus = 'ok' | 'partial' | 'denied' | 'error';

export interface AccessRecordInput {
  time: Date;
  requestId: string;
  actor: Actor;
  operationName: string | null;
  operationType: OperationType | null;
  /** Hashed (SHA-256), never stored. */
  document: string | null;
  /** Redacted on append as well (see `redactVariables`); pass them raw or pre-redacted. */
  variables: Record<string, unknown> | null;
  resources: ResourceAccess[];
  status: AccessStatus;
  errorCodes: string[];
  durationMs: number;
}

export interface AccessRecord extends Omit<AccessRecordInput, 'document'> {
  seq: number;
  documentHash: string | null;
  prevHash: string;
  hash: string;
}

/** strict: a request whose record cannot be written fails. best-effort: failures are logged and counted only. */
export type AuditMode = 'strict' | 'best-effort';

export interface AuditLogOptions {
  db: PlatformDatabase;
  mode?: AuditMode;
  /** How long the first record of a batch waits for company (group commit). Default 2 ms. */
  flushIntervalMs?: number;
  /** Records per transaction at most. Default 500. */
  maxBatch?: number;
  /** Extra variable keys to redact, on top of the built-in secret patterns. */
  redactKeys?: string[];
  logger?: Logger;
}

export interface AuditLogWhere {
  actorSub?: string;
  requestId?: string;
  operationName?: string;
  /** Records that touched this subject. */
  subject?: string;
  status?: AccessStatus;
  from?: Date;
  to?: Date;
}

export interface AuditLogQuery {
  where?: AuditLogWhere;
  /** Page size, 1..500 (default 50). */
  first?: number;
  /** An `endCursor` from a previous page. */
  after?: string;
}

export interface AuditLogPage {
  /** Newest first. */
  records: AccessRecord[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/** `rewritten`: the chain holds, but a record's hash is not the one a signed digest holds (see src/audit/anchor). */
export type VerifyProblem = 'edited' | 'deleted' | 'reordered' | 'inserted' | 'rewritten' | 'digest-forged' | 'digest-missing';

/** How the digests took part: checked (how many, and up to which seq they sign) or why not. */
export type DigestCoverage = { checked: true; digests: number; signedUpTo: number } | { checked: false; reason: string };

export type VerifyResult =
  | { ok: true; checked: number; head: string; archived?: number; digests?: DigestCoverage }
  | { ok: false; checked: number; problem: VerifyProblem; seq: number; message: string; digest?: string };

export interface VerifyOptions {
  onProgress?: (checked: number, total: number) => void;
}

export interface AuditStats {
  /** Records durably written by this instance. */
  appended: number;
  /** Records this instance could not write (best-effort) or rejected (strict). */
  failed: number;
  /** Transactions committed. */
  batches: number;
  /** Records waiting for a batch. */
  pending: number;
}

export interface AuditLog {
  readonly mode: AuditMode;
  /**
   * strict: resolves once the record is committed (group commit: records arriving within
   * `flushIntervalMs`, up to `maxBatch`, share one transaction); rejects with AuditWriteError.
   * best-effort: resolves at once; failures are logged and counted, never thrown.
   */
  append(input: AccessRecordInput): Promise<void>;
  query(args: AuditLogQuery): Promise<AuditLogPage>;
  verify(options?: VerifyOptions): Promise<VerifyResult>;
  /** Resolves when everything appended so far has been written (or has failed). */
  flush(): Promise<void>;
  /** Flushes, then refuses further appends. Does not close the database (the caller owns it). */
  close(): Promise<void>;
  stats(): AuditStats;
}

/**
 * The tamper-evident access log: one record per operation (denied and failed ones included),
 * appended to PostgreSQL in group-committed batches on a SHA-256 hash chain, queried by
 * `auditLog` in the platform subgraph and checked by `meshgate audit verify`.
 */
export type {
  AccessDecision,
  AccessRecord,
  AccessRecordInput,
  AccessStatus,
  Actor,
  AuditLog,
  AuditLogOptions,
  AuditLogPage,
  AuditLogQuery,
  AuditLogWhere,
  AuditMode,
  AuditStats,
  OperationType,
  Plane,
  ResourceAccess,
  VerifyOptions,
  VerifyProblem,
  VerifyResult,
  DigestCoverage,
} from './types.ts';
export type { AccessCollector } from './collector.ts';
export type { JsonValue } from './canonical-json.ts';

export { createAuditLog, DEFAULT_FLUSH_INTERVAL_MS, DEFAULT_MAX_BATCH } from './audit-log.ts';
export { createAccessCollector } from './collector.ts';
export { MAX_RECORDED_DEPTH, redactVariables, REDACTED, SECRET_KEY_PATTERN, TRUNCATED } from './redact.ts';
export { AuditWriteError } from './errors.ts';
export { AuditQueryError, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './query.ts';
export { canonicalJson, toStorableJson } from './canonical-json.ts';
export { GENESIS_HASH, recordHash } from './chain.ts';
export { formatVerifyResult } from './verify.ts';
export { auditLogResolvers, auditLogTypeDefs } from './graphql.ts';
export { runAuditVerify } from './verify-command.ts';
export { LOG_TABLE, HEAD_TABLE } from './store.ts';
export type { VerifyAnchor } from './verify-command.ts';
export type { AuditAnchor, AuditAnchorOptions } from './anchor/anchor-service.ts';
export type { ArchivedRange, ArchiveOptions } from './anchor/archive.ts';
export type { Digest } from './anchor/digest.ts';
export type { SigningKey } from './anchor/signing-key.ts';
export { startAuditAnchor } from './anchor/anchor-service.ts';
export { archiveRecords, ARCHIVE_PREFIX } from './anchor/archive.ts';
export { writeDigests } from './anchor/digest-writer.ts';
export { DIGEST_PREFIX, digestKey } from './anchor/digest.ts';
export { embeddedSigningKey, loadSigningKey, loadVerifyKey, SIGNING_KEY_FILE } from './anchor/signing-key.ts';
export { ARCHIVE_TABLE, DIGEST_HEAD_TABLE } from './anchor/schema.ts';

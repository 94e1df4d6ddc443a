/**
 * The hash chain. Each record stores `prev_hash` (the hash of the record before it; the genesis
 * record's is 64 zeros) and
 *
 *   hash = sha256_hex(prev_hash + "\n" + canonicalJson(hashedForm(record)))
 *
 * where the hashed form is every field except `hash` itself, `seq` and `prevHash` included, with
 * `time` as its ISO string (millisecond precision; timestamptz keeps microseconds, a JS Date has
 * milliseconds, so what is written reads back identical) and all JSON members normalised by
 * `toStorableJson` so the jsonb round trip cannot change the canonical text.
 *
 * Because `seq` is hashed, a record moved to another position no longer matches its hash; because
 * `prev_hash` is hashed, a record cannot be re-linked without rewriting every hash after it; and the
 * one-row head table (seq and hash of the last record, updated in the appending transaction)
 * catches deletion at the tail. Rewriting the whole chain from some point onwards *and* the head
 * stays possible for someone with write access to the database: anchoring `head` elsewhere (logs,
 * another system) is what closes that gap.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, toStorableJson } from './canonical-json.ts';
import { redactVariables } from './redact.ts';
import type { AccessRecord, AccessRecordInput, Actor, ResourceAccess } from './types.ts';

export const GENESIS_HASH = '0'.repeat(64);

/** A record before it takes its place in the chain. */
export type RecordBody = Omit<AccessRecord, 'seq' | 'prevHash' | 'hash'>;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Normalises an input into exactly what will be stored (and hashed): redacted, jsonb-safe, ms time. */
export function toRecordBody(input: AccessRecordInput, redactKeys: readonly string[] = []): RecordBody {
  const time = new Date(input.time.getTime());
  if (Number.isNaN(time.getTime())) throw new TypeError('access record time is not a valid Date');
  const variables = redactVariables(input.variables, redactKeys);
  return {
    time,
    requestId: String(input.requestId),
    actor: toStorableJson(input.actor) as unknown as Actor,
    operationName: input.operationName === null ? null : String(toStorableJson(input.operationName)),
    operationType: input.operationType,
    documentHash: input.document === null ? null : sha256Hex(input.document),
    variables: variables === null ? null : (toStorableJson(variables) as Record<string, unknown>),
    resources: toStorableJson(input.resources) as unknown as ResourceAccess[],
    status: input.status,
    errorCodes: input.errorCodes.map((code) => String(toStorableJson(code))),
    durationMs: Math.round(input.durationMs * 1000) / 1000,
  };
}

export function recordHash(record: Omit<AccessRecord, 'hash'>): string {
  return sha256Hex(`${record.prevHash}\n${canonicalJson(hashedForm(record))}`);
}

/**
 * A body with the canonical text of its members computed ahead, so that sealing (which happens
 * while the chain's head is locked) only adds `seq` and `prevHash` and hashes.
 * `sealRecord(prepareBody(b), s, p).hash === recordHash({ ...b, seq: s, prevHash: p })`.
 */
export interface PreparedBody {
  body: RecordBody;
  /** `"key":value` canonical member texts of the hashed form, without seq and prevHash. */
  members: Array<[key: string, text: string]>;
}

export function prepareBody(body: RecordBody): PreparedBody {
  const form = hashedForm({ ...body, seq: 0, prevHash: '' });
  const members = Object.entries(form)
    .filter(([key]) => key !== 'seq' && key !== 'prevHash')
    .map(([key, value]): [string, string] => [key, `${JSON.stringify(key)}:${canonicalJson(value)}`]);
  return { body, members };
}

/** Places a prepared body at `seq` after the record whose hash is `prevHash`. */
export function sealRecord(prepared: PreparedBody, seq: number, prevHash: string): AccessRecord {
  const members = [...prepared.members, ['prevHash', `"prevHash":${JSON.stringify(prevHash)}`], ['seq', `"seq":${canonicalJson(seq)}`]];
  members.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonical = `{${members.map(([, text]) => text).join(',')}}`;
  return { ...prepared.body, seq, prevHash, hash: sha256Hex(`${prevHash}\n${canonical}`) };
}

function hashedForm(record: Omit<AccessRecord, 'hash'>): Record<string, unknown> {
  return {
    seq: record.seq,
    time: record.time.toISOString(),
    requestId: record.requestId,
    actor: record.actor,
    operationName: record.operationName,
    operationType: record.operationType,
    documentHash: record.documentHash,
    variables: record.variables,
    resources: record.resources,
    status: record.status,
    errorCodes: record.errorCodes,
    durationMs: record.durationMs,
    prevHash: record.prevHash,
  };
}

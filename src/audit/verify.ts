/**
 * Verification: walks the chain in seq order, a page at a time, and names the FIRST record that
 * breaks it. Only records up to the head read at the start are walked, so appends running
 * meanwhile do not disturb a verification.
 */
import type { SqlQueryable } from '../sources/index.ts';
import { GENESIS_HASH, recordHash } from './chain.ts';
import { HEAD_TABLE, LOG_TABLE, SELECT_RECORD_FOR_VERIFY, readHead, rowToRecord } from './store.ts';
import type { ChainHead } from './store.ts';
import type { AccessRecord, VerifyOptions, VerifyProblem, VerifyResult } from './types.ts';

const PAGE_SIZE = 5000;

interface Link {
  seq: number;
  hash: string;
  /** The record itself, absent for the genesis link. */
  record?: AccessRecord;
}

export async function verifyChain(db: SqlQueryable, options: VerifyOptions = {}): Promise<VerifyResult> {
  const head = await readHead(db);
  let previous: Link = { seq: 0, hash: GENESIS_HASH };
  let checked = 0;
  options.onProgress?.(0, head.seq);
  for (;;) {
    const rows = await db.query(`${SELECT_RECORD_FOR_VERIFY} WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT ${PAGE_SIZE}`, [previous.seq, head.seq]);
    for (const row of rows) {
      const record = rowToRecord(row);
      const failure = checkLink(previous, record, checked, Number(row.time_extra_us) !== 0);
      if (failure) return failure;
      previous = { seq: record.seq, hash: record.hash, record };
      checked += 1;
    }
    options.onProgress?.(checked, head.seq);
    if (rows.length < PAGE_SIZE) break;
  }
  return (await checkTail(db, head, previous, checked)) ?? { ok: true, checked, head: head.hash };
}

/**
 * seq jumps → records were deleted before this one. Hash mismatch with an intact link → this record
 * was edited in place. Neither hash nor link holds → this record's contents came from elsewhere
 * (rows swapped or moved). A time with sub-millisecond digits was never written by `append`, so it
 * counts as a hash mismatch. Hash holds but the link does not → the previous record was replaced by
 * one whose hash was recomputed (or, for the first record, the chain does not start at genesis).
 */
function checkLink(previous: Link, record: AccessRecord, checked: number, subMillisecondTime: boolean): VerifyResult | null {
  if (record.seq !== previous.seq + 1) {
    const missing = previous.seq + 1 === record.seq - 1 ? `seq ${previous.seq + 1} is` : `seq ${previous.seq + 1}..${record.seq - 1} are`;
    return failure('deleted', record, checked, `${missing} missing before ${describe(record)}`);
  }
  const intact = !subMillisecondTime && recordHash(record) === record.hash;
  const linked = record.prevHash === previous.hash;
  if (intact && linked) return null;
  if (!intact && linked) return failure('edited', record, checked, `${describe(record)} was edited: its hash does not match its contents`);
  if (!intact)
    return failure(
      'reordered',
      record,
      checked,
      `${describe(record)} is out of place: neither its hash nor its link to seq ${previous.seq} holds (records swapped or moved)`,
    );
  if (previous.record) {
    return failure('edited', previous.record, checked - 1, `${describe(previous.record)} was replaced: seq ${record.seq} no longer links to it`);
  }
  return failure('inserted', record, checked, `${describe(record)} does not start from the genesis hash: records were put before it`);
}

/**
 * The head must name the last record walked, and no record may lie beyond the head. The stray
 * query reads the head again in the same statement (one snapshot), so records appended after
 * the walk began are not mistaken for insertions.
 */
async function checkTail(db: SqlQueryable, head: ChainHead, last: Link, checked: number): Promise<VerifyResult | null> {
  if (last.seq < head.seq) {
    const after = last.record ? ` after ${describe(last.record)}` : '';
    const range = last.seq + 1 === head.seq ? `seq ${head.seq} is` : `seq ${last.seq + 1}..${head.seq} are`;
    return {
      ok: false,
      checked,
      problem: 'deleted',
      seq: last.seq + 1,
      message: `${range} missing at the end of the log${after} (the head is at seq ${head.seq})`,
    };
  }
  if (last.hash !== head.hash && last.record) {
    return failure('edited', last.record, checked, `${describe(last.record)} was replaced: the head's hash does not match it`);
  }
  const stray = await db.query(
    `SELECT l.seq, l.request_id, l.time FROM ${LOG_TABLE} l, ${HEAD_TABLE} h WHERE h.id = 1 AND (l.seq > h.seq OR l.seq < 1) ORDER BY l.seq LIMIT 1`,
  );
  if (stray.length === 0) return null;
  const seq = Number(stray[0].seq);
  const where = seq < 1 ? 'before the first record' : `after the head (seq ${head.seq})`;
  return { ok: false, checked, problem: 'inserted', seq, message: `${describeRow(seq, stray[0])} lies ${where}: it was inserted outside the chain` };
}

function failure(problem: VerifyProblem, record: AccessRecord, checked: number, message: string): VerifyResult {
  return { ok: false, checked, problem, seq: record.seq, message };
}

function describe(record: AccessRecord): string {
  return `record seq ${record.seq} (request ${record.requestId}, ${record.time.toISOString()})`;
}

function describeRow(seq: number, row: Record<string, unknown>): string {
  const time = row.time instanceof Date ? row.time.toISOString() : String(row.time);
  return `record seq ${seq} (request ${String(row.request_id)}, ${time})`;
}

export function formatVerifyResult(result: VerifyResult): string {
  if (result.ok) return `access log OK: ${result.checked} records verified, head ${result.head}`;
  return `access log TAMPERED (${result.problem}) at seq ${result.seq}: ${result.message} [${result.checked} records verified before it]`;
}

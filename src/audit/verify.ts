/**
 * Verification: walks the chain in seq order, a page at a time, and names the FIRST record that
 * breaks it. Only records up to the head read at the start are walked, so appends running
 * meanwhile do not disturb a verification.
 */
import type { ObjectStore, SqlQueryable } from '../sources/index.ts';
import { archivedRanges, type ArchivedRange } from './anchor/archive.ts';
import type { DigestCursor } from './anchor/digest-check.ts';
import { parquetToRecords, type StoredRecord } from './anchor/record-parquet.ts';
import { GENESIS_HASH, recordHash } from './chain.ts';
import { HEAD_TABLE, LOG_TABLE, SELECT_RECORD_FOR_VERIFY, readHead, rowToRecord } from './store.ts';
import type { ChainHead } from './store.ts';
import type { AccessRecord, DigestCoverage, VerifyOptions, VerifyProblem, VerifyResult } from './types.ts';

const PAGE_SIZE = 5000;

interface Link {
  seq: number;
  hash: string;
  /** The record itself, absent for the genesis link. */
  record?: AccessRecord;
}

/** What verification reads beyond the table: the digests to hold records to, the store archived ranges are in. */
export interface VerifyAnchorOptions extends VerifyOptions {
  digests?: DigestCursor;
  store?: ObjectStore;
}

export async function verifyChain(db: SqlQueryable, options: VerifyAnchorOptions = {}): Promise<VerifyResult> {
  const head = await readHead(db);
  const walk: Walk = { previous: { seq: 0, hash: GENESIS_HASH }, checked: 0 };
  options.onProgress?.(0, head.seq);
  const ranges = await archivedRanges(db);
  if (ranges.length > 0 && !options.store) throw new Error(`${ranges.length} archived ranges need the object store to be verified`);
  for (const range of ranges) {
    const failure = await walkArchivedRange(options.store as ObjectStore, range, walk, options.digests);
    if (failure) return failure;
    options.onProgress?.(walk.checked, head.seq);
  }
  for (;;) {
    const rows = await db.query(`${SELECT_RECORD_FOR_VERIFY} WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT ${PAGE_SIZE}`, [walk.previous.seq, head.seq]);
    for (const row of rows) {
      const failure = step(walk, { record: rowToRecord(row), timeExtraUs: Number(row.time_extra_us) }, options.digests);
      if (failure) return failure;
    }
    options.onProgress?.(walk.checked, head.seq);
    if (rows.length < PAGE_SIZE) break;
  }
  const tail = (await checkTail(db, head, walk.previous, walk.checked)) ?? checkSignedTail(walk, options.digests);
  return tail ?? { ok: true, checked: walk.checked, head: head.hash, ...(ranges.length > 0 ? { archived: ranges.length } : {}) };
}

interface Walk {
  previous: Link;
  checked: number;
}

/** The chain's own checks first (so edits, deletions and moves are named as before), then the digests'. */
function step(walk: Walk, stored: StoredRecord, digests: DigestCursor | undefined): VerifyResult | null {
  const { record } = stored;
  const broken = checkLink(walk.previous, record, walk.checked, stored.timeExtraUs !== 0);
  if (broken) return broken;
  const unsigned = digests?.check(record);
  if (unsigned) return failure('rewritten', record, walk.checked, `${describe(record)} does not match its digest: ${unsigned}`);
  walk.previous = { seq: record.seq, hash: record.hash, record };
  walk.checked += 1;
  return null;
}

async function walkArchivedRange(store: ObjectStore, range: ArchivedRange, walk: Walk, digests: DigestCursor | undefined): Promise<VerifyResult | null> {
  const body = await store.get(range.key);
  if (body === null) {
    const message = `seq ${range.firstSeq}..${range.lastSeq} were archived to ${range.key}, which is missing from the object store`;
    return { ok: false, checked: walk.checked, problem: 'deleted', seq: range.firstSeq, message };
  }
  for (const stored of await parquetToRecords(body)) {
    const failure = step(walk, stored, digests);
    if (failure) return failure;
  }
  return null;
}

/** Records a digest signed must still be there, even when the table's tail and head were cut back together. */
function checkSignedTail(walk: Walk, digests: DigestCursor | undefined): VerifyResult | null {
  if (!digests || digests.signedUpTo <= walk.previous.seq) return null;
  const from = walk.previous.seq + 1;
  const range = from === digests.signedUpTo ? `seq ${from} is` : `seq ${from}..${digests.signedUpTo} are`;
  const message = `${range} missing at the end of the log: the signed digests cover up to seq ${digests.signedUpTo} (the head was moved back)`;
  return { ok: false, checked: walk.checked, problem: 'deleted', seq: from, message };
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
  if (result.ok) return `access log OK: ${result.checked} records verified, head ${result.head}${archivedNote(result.archived)}${coverageNote(result.digests)}`;
  if (result.digest !== undefined) return `access log TAMPERED (${result.problem}): ${result.message}`;
  return `access log TAMPERED (${result.problem}) at seq ${result.seq}: ${result.message} [${result.checked} records verified before it]`;
}

function archivedNote(ranges: number | undefined): string {
  return ranges ? ` (${ranges} archived ranges read from the lake)` : '';
}

function coverageNote(coverage: DigestCoverage | undefined): string {
  if (coverage === undefined) return '';
  if (!coverage.checked) return `; digests not checked: ${coverage.reason}`;
  return `; ${coverage.digests} signed digests verified, covering seq 1..${coverage.signedUpTo}`;
}

/**
 * The access log's two tables and the statements over them. `appendBatch` is the only writer: one
 * transaction that locks the head row (serialising writers across processes and gateways), chains
 * the batch onto it, inserts it and moves the head.
 */
import type { SqlQueryable, PlatformDatabase } from '../sources/index.ts';
import { GENESIS_HASH, sealRecord } from './chain.ts';
import type { PreparedBody } from './chain.ts';
import type { AccessRecord } from './types.ts';

export const LOG_TABLE = 'meshgate_access_log';
export const HEAD_TABLE = 'meshgate_access_log_head';

const COLUMNS = [
  'seq',
  'time',
  'request_id',
  'actor',
  'operation_name',
  'operation_type',
  'document_hash',
  'variables',
  'resources',
  'status',
  'error_codes',
  'duration_ms',
  'prev_hash',
  'hash',
] as const;
const CASTS = ['bigint', 'timestamptz', 'text', 'jsonb', 'text', 'text', 'text', 'jsonb', 'jsonb', 'text', 'text[]', 'float8', 'text', 'text'];
/** Rows per INSERT statement: 14 parameters each stays far below PostgreSQL's 65,535. */
const ROWS_PER_STATEMENT = 1000;

const SCHEMA_STATEMENTS = [
  `CREATE TABLE IF NOT EXISTS ${LOG_TABLE} (
    seq bigint PRIMARY KEY, time timestamptz NOT NULL, request_id text NOT NULL, actor jsonb NOT NULL,
    operation_name text, operation_type text, document_hash text, variables jsonb, resources jsonb NOT NULL,
    status text NOT NULL, error_codes text[] NOT NULL, duration_ms double precision NOT NULL,
    prev_hash text NOT NULL, hash text NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS ${HEAD_TABLE} (id int PRIMARY KEY CHECK (id = 1), seq bigint NOT NULL, hash text NOT NULL)`,
  `INSERT INTO ${HEAD_TABLE} (id, seq, hash) VALUES (1, 0, '${GENESIS_HASH}') ON CONFLICT (id) DO NOTHING`,
  `CREATE INDEX IF NOT EXISTS ${LOG_TABLE}_request_id ON ${LOG_TABLE} (request_id)`,
  `CREATE INDEX IF NOT EXISTS ${LOG_TABLE}_actor_sub ON ${LOG_TABLE} ((actor->>'sub'), seq)`,
  `CREATE INDEX IF NOT EXISTS ${LOG_TABLE}_time ON ${LOG_TABLE} (time)`,
  `CREATE INDEX IF NOT EXISTS ${LOG_TABLE}_resources ON ${LOG_TABLE} USING gin (resources jsonb_path_ops)`,
];

/** Idempotent; an advisory lock keeps gateways starting together from racing on CREATE. */
export async function ensureSchema(db: PlatformDatabase): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('${LOG_TABLE}'))`);
    for (const statement of SCHEMA_STATEMENTS) await tx.query(statement);
  });
}

export async function schemaExists(db: SqlQueryable): Promise<boolean> {
  const rows = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ($1, $2)`,
    [LOG_TABLE, HEAD_TABLE],
  );
  return rows[0].n === 2;
}

export interface ChainHead {
  seq: number;
  hash: string;
}

export async function readHead(db: SqlQueryable, lock = false): Promise<ChainHead> {
  const rows = await db.query(`SELECT seq, hash FROM ${HEAD_TABLE} WHERE id = 1${lock ? ' FOR UPDATE' : ''}`);
  if (rows.length === 0) return { seq: 0, hash: GENESIS_HASH };
  return { seq: Number(rows[0].seq), hash: String(rows[0].hash) };
}

/** Chains `bodies` onto the current head in one transaction; returns the sealed records. */
export async function appendBatch(db: PlatformDatabase, bodies: readonly PreparedBody[]): Promise<AccessRecord[]> {
  return db.transaction(async (tx) => {
    const head = await readHead(tx, true);
    let previous = head;
    const records = bodies.map((body) => {
      const record = sealRecord(body, previous.seq + 1, previous.hash);
      previous = record;
      return record;
    });
    for (let start = 0; start < records.length; start += ROWS_PER_STATEMENT) {
      await insertRecords(tx, records.slice(start, start + ROWS_PER_STATEMENT));
    }
    await tx.query(`UPDATE ${HEAD_TABLE} SET seq = $1, hash = $2 WHERE id = 1`, [previous.seq, previous.hash]);
    return records;
  });
}

async function insertRecords(tx: SqlQueryable, records: readonly AccessRecord[]): Promise<void> {
  const values: unknown[] = [];
  const tuples = records.map((record) => {
    const first = values.length;
    values.push(...recordToRow(record));
    return `(${CASTS.map((cast, i) => `$${first + i + 1}::${cast}`).join(',')})`;
  });
  await tx.query(`INSERT INTO ${LOG_TABLE} (${COLUMNS.join(',')}) VALUES ${tuples.join(',')}`, values);
}

/** JSON columns go as text: node-pg would turn a JS array into a PostgreSQL array literal. */
function recordToRow(record: AccessRecord): unknown[] {
  return [
    record.seq,
    record.time,
    record.requestId,
    JSON.stringify(record.actor),
    record.operationName,
    record.operationType,
    record.documentHash,
    record.variables === null ? null : JSON.stringify(record.variables),
    JSON.stringify(record.resources),
    record.status,
    record.errorCodes,
    record.durationMs,
    record.prevHash,
    record.hash,
  ];
}

/** Both drivers parse jsonb, text[] and timestamptz; int8 arrives as a string (pg) or bigint (PGlite). */
export function rowToRecord(row: Record<string, unknown>): AccessRecord {
  return {
    seq: Number(row.seq),
    time: row.time instanceof Date ? row.time : new Date(String(row.time)),
    requestId: row.request_id as string,
    actor: row.actor as AccessRecord['actor'],
    operationName: (row.operation_name as string | null) ?? null,
    operationType: (row.operation_type as AccessRecord['operationType']) ?? null,
    documentHash: (row.document_hash as string | null) ?? null,
    variables: (row.variables as Record<string, unknown> | null) ?? null,
    resources: row.resources as AccessRecord['resources'],
    status: row.status as AccessRecord['status'],
    errorCodes: (row.error_codes as string[] | null) ?? [],
    durationMs: Number(row.duration_ms),
    prevHash: row.prev_hash as string,
    hash: row.hash as string,
  };
}

export const SELECT_RECORD = `SELECT ${COLUMNS.join(', ')} FROM ${LOG_TABLE}`;
/**
 * For verification: also the sub-millisecond part of `time` in microseconds, which a JS Date
 * cannot carry. Records are written at millisecond precision, so anything else there is an edit.
 */
export const SELECT_RECORD_FOR_VERIFY = `SELECT ${COLUMNS.join(', ')},
  (floor(extract(microseconds FROM time))::bigint % 1000)::int AS time_extra_us FROM ${LOG_TABLE}`;

/**
 * Access records as Parquet, through an in-process DuckDB (as the lake sink writes its files):
 * written for the archive, read back by verification. JSON members are stored as their JSON text
 * and `time` at microsecond precision, so a record read back hashes exactly as it did in the table
 * (and a sub-millisecond time, which `append` never writes, still shows as an edit).
 */
import { randomUUID } from 'node:crypto';
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBAppender, timestampTZValue } from '@duckdb/node-api';
import type { AccessRecord } from '../types.ts';

/** A record and the sub-millisecond microseconds of its time (0 for every record `append` wrote). */
export interface StoredRecord {
  record: AccessRecord;
  timeExtraUs: number;
}

const COLUMNS = `seq BIGINT, time TIMESTAMPTZ, request_id VARCHAR, actor VARCHAR, operation_name VARCHAR, operation_type VARCHAR,
  document_hash VARCHAR, variables VARCHAR, resources VARCHAR, status VARCHAR, error_codes VARCHAR, duration_ms DOUBLE,
  prev_hash VARCHAR, hash VARCHAR`;

export async function recordsToParquet(records: readonly StoredRecord[]): Promise<Buffer> {
  return withDuck(async (connection, file) => {
    await connection.run(`CREATE TABLE records (${COLUMNS})`);
    const appender = await connection.createAppender('records');
    for (const stored of records) appendRecord(appender, stored);
    appender.closeSync();
    await connection.run(`COPY records TO '${file}' (FORMAT PARQUET, COMPRESSION ZSTD)`);
    return readFile(file);
  });
}

export async function parquetToRecords(body: Buffer): Promise<StoredRecord[]> {
  return withDuck(async (connection, file) => {
    await writeFile(file, body);
    const reader = await connection.runAndReadAll(`SELECT * EXCLUDE (time), epoch_us(time) AS time_us FROM read_parquet('${file}') ORDER BY seq`);
    return reader.getRowObjectsJS().map(rowToStored);
  });
}

async function withDuck<T>(work: (connection: Awaited<ReturnType<DuckDBInstance['connect']>>, file: string) => Promise<T>): Promise<T> {
  const duck = await DuckDBInstance.create(':memory:');
  const connection = await duck.connect();
  const file = path.join(tmpdir(), `meshgate-audit-${randomUUID()}.parquet`);
  try {
    return await work(connection, file);
  } finally {
    connection.closeSync();
    duck.closeSync();
    await unlink(file).catch(() => {});
  }
}

function appendRecord(appender: DuckDBAppender, { record, timeExtraUs }: StoredRecord): void {
  const text = (value: string | null) => (value === null ? appender.appendNull() : appender.appendVarchar(value));
  appender.appendBigInt(BigInt(record.seq));
  appender.appendTimestampTZ(timestampTZValue(BigInt(record.time.getTime()) * 1000n + BigInt(timeExtraUs)));
  text(record.requestId);
  text(JSON.stringify(record.actor));
  text(record.operationName);
  text(record.operationType);
  text(record.documentHash);
  text(record.variables === null ? null : JSON.stringify(record.variables));
  text(JSON.stringify(record.resources));
  text(record.status);
  text(JSON.stringify(record.errorCodes));
  appender.appendDouble(record.durationMs);
  text(record.prevHash);
  text(record.hash);
  appender.endRow();
}

function rowToStored(row: Record<string, unknown>): StoredRecord {
  const micros = BigInt(row.time_us as bigint);
  const json = (value: unknown) => (value === null || value === undefined ? null : JSON.parse(String(value)));
  const record: AccessRecord = {
    seq: Number(row.seq),
    time: new Date(Number(micros / 1000n)),
    requestId: String(row.request_id),
    actor: json(row.actor),
    operationName: (row.operation_name as string | null) ?? null,
    operationType: (row.operation_type as AccessRecord['operationType']) ?? null,
    documentHash: (row.document_hash as string | null) ?? null,
    variables: json(row.variables),
    resources: json(row.resources),
    status: row.status as AccessRecord['status'],
    errorCodes: json(row.error_codes) ?? [],
    durationMs: Number(row.duration_ms),
    prevHash: String(row.prev_hash),
    hash: String(row.hash),
  };
  return { record, timeExtraUs: Number(micros % 1000n) };
}

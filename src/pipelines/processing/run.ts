/**
 * Running a plan: stream its rows in batches, or materialise the output,
 * evaluate the step's checks over it, and write it to a local ZSTD Parquet
 * file the caller uploads (and/or return its rows).
 */
import { stat } from 'node:fs/promises';
import { quoteDuckIdent } from '../../lake/index.ts';
import { EVENT_ID, type CheckDescriptor, type PlanNode, type Row } from '../../sdk/index.ts';
import type { Bindings } from './bind.ts';
import { type CheckResult, runChecks } from './checks.ts';
import { decodeRow } from './duck-values.ts';
import type { PartitionBounds } from './expr-sql.ts';
import { countRows, openSession, type RunStats, type Session } from './session.ts';

export interface RowBatch {
  rows: Row[];
}

/** Streams the plan's rows in DuckDB's batches; `onStats` receives the row counts once the stream ends. */
export async function* runPlan(
  plan: PlanNode,
  bindings: Bindings,
  options: { partition?: PartitionBounds; onStats?: (stats: RunStats) => void } = {},
): AsyncIterable<RowBatch> {
  const session = await openSession(plan, bindings, options.partition);
  try {
    const { result: query, schema } = session.compiled;
    const result = await session.connection.stream(query.sql, query.params.values, query.params.types);
    for await (const batch of result.yieldRowObjectJs()) {
      const rows = batch.map((raw) => decodeRow(schema, raw));
      session.stats.outputRows += rows.length;
      yield { rows };
    }
    options.onStats?.(session.stats);
  } finally {
    session.close();
  }
}

export interface ExecuteOptions {
  /** The partition the run computes (what `partitionStart()`/`partitionEnd()` read). */
  partition?: PartitionBounds;
  checks?: CheckDescriptor[];
  /** What freshness is measured against: the partition's end, or now. */
  reference?: Date;
  /** Write the output here as ZSTD Parquet. */
  parquetPath?: string;
  /** Return the output rows (tests, entity upserts). */
  returnRows?: boolean;
  /** Add a deterministic `eventId` column first (a derived dataset that does not declare one). */
  addEventId?: boolean;
}

export interface ExecuteResult {
  stats: RunStats;
  checks: CheckResult[];
  rows?: Row[];
  file?: { path: string; rows: number; bytes: number };
}

const OUTPUT = 'output';

/** Materialises the output, runs the checks over it, then writes and/or returns it. */
export async function executePlan(plan: PlanNode, bindings: Bindings, options: ExecuteOptions = {}): Promise<ExecuteResult> {
  const session = await openSession(plan, bindings, options.partition);
  try {
    await materialise(session, options.addEventId === true);
    session.stats.outputRows = await countRows(session.connection, OUTPUT);
    const schema = outputSchema(session, options.addEventId === true);
    const checks = await runChecks(session.connection, OUTPUT, schema, options.checks ?? [], options.reference ?? new Date());
    const result: ExecuteResult = { stats: session.stats, checks };
    if (options.parquetPath !== undefined) {
      const target = options.parquetPath.replaceAll("'", "''");
      await session.connection.run(`COPY ${quoteDuckIdent(OUTPUT)} TO '${target}' (FORMAT PARQUET, COMPRESSION ZSTD, ROW_GROUP_SIZE 100000)`);
      result.file = { path: options.parquetPath, rows: session.stats.outputRows, bytes: (await stat(options.parquetPath)).size };
    }
    if (options.returnRows) {
      const reader = await session.connection.runAndReadAll(`SELECT * FROM ${quoteDuckIdent(OUTPUT)}`);
      result.rows = reader.getRowObjectsJS().map((raw) => decodeRow(schema, raw));
    }
    return result;
  } finally {
    session.close();
  }
}

/** Writes the plan's output to a local ZSTD Parquet file; returns its row count and size. */
export async function writePlanToParquet(
  plan: PlanNode,
  bindings: Bindings,
  path: string,
  options: Omit<ExecuteOptions, 'parquetPath'> = {},
): Promise<{ rows: number; bytes: number; stats: RunStats; checks: CheckResult[] }> {
  const result = await executePlan(plan, bindings, { ...options, parquetPath: path });
  return { rows: result.file!.rows, bytes: result.file!.bytes, stats: result.stats, checks: result.checks };
}

async function materialise(session: Session, addEventId: boolean): Promise<void> {
  const { sql, params } = session.compiled.result;
  // The id is a hash of the row's values (numbered among identical rows): the same output gets the same ids on a re-run.
  const hash = `md5(CAST(to_json("t") AS VARCHAR))`;
  const select = addEventId
    ? `SELECT ${hash} || '-' || CAST(ROW_NUMBER() OVER (PARTITION BY ${hash}) AS VARCHAR) AS ${quoteDuckIdent(EVENT_ID)}, "t".* FROM (${sql}) AS "t"`
    : sql;
  await session.connection.run(`CREATE TABLE ${quoteDuckIdent(OUTPUT)} AS ${select}`, params.values, params.types);
}

function outputSchema(session: Session, addEventId: boolean) {
  const schema = session.compiled.schema;
  return addEventId ? { [EVENT_ID]: { type: 'ID' as const, nullable: false, list: false, classification: [] }, ...schema } : schema;
}

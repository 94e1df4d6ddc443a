/** Reading the log: newest first, filtered, paged by a cursor that is the last seq seen. */
import type { SqlQueryable } from '../sources/index.ts';
import { SELECT_RECORD, rowToRecord } from './store.ts';
import type { AuditLogPage, AuditLogQuery, AuditLogWhere } from './types.ts';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** Bad paging arguments; the GraphQL layer turns it into BAD_USER_INPUT naming `argument`. */
export class AuditQueryError extends Error {
  readonly code = 'BAD_USER_INPUT';
  readonly argument: string;
  constructor(message: string, argument: string) {
    super(message);
    this.name = 'AuditQueryError';
    this.argument = argument;
  }
}

export async function queryRecords(db: SqlQueryable, args: AuditLogQuery): Promise<AuditLogPage> {
  const first = pageSize(args.first);
  const values: unknown[] = [];
  const conditions = whereConditions(args.where ?? {}, values);
  if (args.after !== undefined && args.after !== null) {
    values.push(parseCursor(args.after));
    conditions.push(`seq < $${values.length}`);
  }
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  const rows = await db.query(`${SELECT_RECORD}${where} ORDER BY seq DESC LIMIT ${first + 1}`, values);
  const records = rows.slice(0, first).map(rowToRecord);
  const last = records.at(-1);
  return { records, hasNextPage: rows.length > first, endCursor: last ? String(last.seq) : null };
}

function whereConditions(where: AuditLogWhere, values: unknown[]): string[] {
  const conditions: string[] = [];
  const add = (sql: (placeholder: string) => string, value: unknown) => {
    values.push(value);
    conditions.push(sql(`$${values.length}`));
  };
  if (where.actorSub !== undefined) add((p) => `actor->>'sub' = ${p}`, where.actorSub);
  if (where.requestId !== undefined) add((p) => `request_id = ${p}`, where.requestId);
  if (where.operationName !== undefined) add((p) => `operation_name = ${p}`, where.operationName);
  if (where.subject !== undefined) add((p) => `resources @> ${p}::jsonb`, JSON.stringify([{ subject: where.subject }]));
  if (where.status !== undefined) add((p) => `status = ${p}`, where.status);
  if (where.from !== undefined) add((p) => `time >= ${p}::timestamptz`, validDate(where.from, 'from'));
  if (where.to !== undefined) add((p) => `time < ${p}::timestamptz`, validDate(where.to, 'to'));
  return conditions;
}

function pageSize(first: number | undefined): number {
  if (first === undefined || first === null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new AuditQueryError(`first must be an integer from 1 to ${MAX_PAGE_SIZE}`, 'first');
  }
  return first;
}

function parseCursor(cursor: string): number {
  if (!/^[1-9][0-9]{0,15}$/.test(cursor)) throw new AuditQueryError(`after is not a cursor from this log: ${JSON.stringify(cursor)}`, 'after');
  return Number(cursor);
}

function validDate(date: Date, name: string): Date {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new AuditQueryError(`${name} is not a valid date`, `where.${name}`);
  return date;
}

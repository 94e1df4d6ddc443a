/**
 * Resolvers of the lake plane for one domain: schema, partitions, records
 * (DuckDB over cached Parquet objects, everything pushed into the scan) and
 * presigned downloads. Policies apply inside the scan; reads and URLs are
 * recorded in the access log.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { GraphQLError, type GraphQLFieldResolver } from 'graphql';
import { fieldUses, forbidden, hiddenFieldError, hiddenUses, ruleNames, touch, type GovernedContext, type Touch } from '../../governed/index.ts';
import { badUserInput, decodeCursor, encodeCursor, filterFromWhere, namespaceTypeName, pageSize, type OrderByInput } from '../../api/index.ts';
import type { DataProduct } from '../../sdk/index.ts';
import type { Filter, ObjectStore, PlatformDatabase, Row } from '../../sources/index.ts';
import { UnsupportedFilterError } from '../../sources/index.ts';
import { findCompleteFile, listCompleteFiles, type LakeFile } from '../catalog/index.ts';
import { datasetRuntimes, type DatasetRuntime } from '../datasets/index.ts';
import { partitionPath } from '../sink/index.ts';
import { sortKeysFrom } from './arguments.ts';
import { keysetAfter } from './duck-filter.ts';
import { lakeContext, readableEverywhere, recordFieldGuards } from './field-guards.ts';
import { datasetTypeNames, lakeTypeName } from './naming.ts';
import type { ObjectCache } from './object-cache.ts';
import { scanRecords } from './scan.ts';

export interface LakeReadOptions {
  store: ObjectStore;
  db: PlatformDatabase;
  /** The dataset runtimes (default: the product's own). */
  datasets?: readonly DatasetRuntime[];
  /** Local copies of the Parquet objects for DuckDB, bounded (shared by every domain of a gateway; its owner closes it). */
  objects: ObjectCache;
  maxPageSize?: number;
}

type Resolvers = Record<string, Record<string, GraphQLFieldResolver<any, unknown, any>>>;

interface ReadDeps {
  options: LakeReadOptions;
  duck: () => Promise<DuckDBInstance>;
  maxPageSize: number;
}

export function lakeResolvers(product: DataProduct, options: LakeReadOptions): Resolvers {
  const runtimes = (options.datasets ?? datasetRuntimes([product])).filter((r) => r.domain === product.name);
  if (runtimes.length === 0) return {};
  let duck: Promise<DuckDBInstance> | undefined;
  const deps: ReadDeps = {
    options,
    duck: () => (duck ??= DuckDBInstance.create(':memory:')),
    maxPageSize: options.maxPageSize ?? 1000,
  };
  const resolvers: Resolvers = {
    [namespaceTypeName(product.name)]: { lake: () => ({}) },
    [lakeTypeName(product.name)]: Object.fromEntries(runtimes.map((r) => [r.name, () => ({})])),
  };
  for (const runtime of runtimes) {
    const names = datasetTypeNames(runtime);
    resolvers[names.dataset] = datasetResolvers(runtime, deps);
    resolvers[names.record] = recordFieldGuards(runtime);
  }
  return resolvers;
}

function datasetResolvers(runtime: DatasetRuntime, deps: ReadDeps): Resolvers[string] {
  return {
    schema: () => runtime.fields.map((f) => ({ ...f, type: f.type, classification: f.classification })),
    partitions: (_parent, args: { from?: Date | string | null; to?: Date | string | null }, context) => partitions(runtime, deps, lakeContext(context), args),
    records: (_parent, args: RecordsArgs, context) => records(runtime, deps, lakeContext(context), args),
    downloadUrl: (_parent, args: { partition: string }, context) => downloadUrl(runtime, deps, lakeContext(context), args.partition),
  };
}

const recordRead = (context: GovernedContext, read: Touch) => touch(context, 'lake', 'read', read);

function timeArg(value: Date | string | null | undefined, argument: string): Date | undefined {
  if (value === null || value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw badUserInput(`${argument} is not a date-time`, argument);
  return date;
}

function rowFilterOf(context: GovernedContext, runtime: DatasetRuntime): { filter: Filter; rule: string | undefined } {
  const { filter, rules } = context.access.rowFilter('read', runtime.subject);
  return { filter, rule: ruleNames(rules) };
}

const deniesAll = (filter: Filter) => filter.op === 'const' && !filter.value;

async function partitions(runtime: DatasetRuntime, deps: ReadDeps, context: GovernedContext, args: { from?: Date | string | null; to?: Date | string | null }) {
  const { filter, rule } = rowFilterOf(context, runtime);
  const audit = { domain: runtime.domain, subject: runtime.subject, fields: ['partitions'], rows: 0 };
  if (deniesAll(filter)) {
    recordRead(context, { ...audit, decision: 'deny', ...(rule ? { rule } : {}) });
    throw forbidden(`Not allowed to read ${runtime.subject}.`, { subject: runtime.subject });
  }
  const files = await listCompleteFiles(deps.options.db, runtime.domain, runtime.name, { from: timeArg(args.from, 'from'), to: timeArg(args.to, 'to') });
  recordRead(context, { ...audit, decision: 'allow', ...(rule ? { rule } : {}) });
  return groupByPartition(files);
}

function groupByPartition(files: LakeFile[]) {
  const byPath = new Map<
    string,
    {
      dt: string;
      hour: number | null;
      path: string;
      files: number;
      rows: number;
      bytes: number;
      minTime: Date | null;
      maxTime: Date | null;
      objectKeys: string[];
    }
  >();
  for (const file of files) {
    const path = partitionPath(file);
    let entry = byPath.get(path);
    if (!entry) {
      entry = { dt: file.dt, hour: file.hour, path, files: 0, rows: 0, bytes: 0, minTime: null, maxTime: null, objectKeys: [] };
      byPath.set(path, entry);
    }
    entry.files++;
    entry.rows += file.rows;
    entry.bytes += file.bytes;
    entry.objectKeys.push(file.objectKey);
    if (file.minTime && (!entry.minTime || file.minTime < entry.minTime)) entry.minTime = file.minTime;
    if (file.maxTime && (!entry.maxTime || file.maxTime > entry.maxTime)) entry.maxTime = file.maxTime;
  }
  return [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
}

interface RecordsArgs {
  where?: Record<string, unknown> | null;
  from?: Date | string | null;
  to?: Date | string | null;
  orderBy?: OrderByInput[] | null;
  first?: number | null;
  after?: string | null;
}

async function records(runtime: DatasetRuntime, deps: ReadDeps, context: GovernedContext, args: RecordsArgs) {
  const size = pageSize(args.first, deps.maxPageSize);
  const where = filterFromWhere(args.where);
  const orderBy = sortKeysFrom(args.orderBy, runtime);
  const { filter: rowFilter, rule } = rowFilterOf(context, runtime);
  const audit = { domain: runtime.domain, subject: runtime.subject, fields: [] as string[] };
  refuseHiddenArguments(runtime, context, args, rule);
  // The arguments are checked; what is left is the default order (event time), which a role may be unable to read.
  const hidden = orderBy.map((key) => key.field).filter((field) => field !== runtime.idField && !readableEverywhere(context, runtime.subject, field));
  if (deniesAll(rowFilter)) {
    recordRead(context, { ...audit, rows: 0, decision: 'deny', ...(rule ? { rule } : {}) });
    return connection([], orderBy, false);
  }
  if (hidden.length > 0) {
    recordRead(context, { ...audit, fields: hidden, rows: 0, decision: 'deny', ...(rule ? { rule } : {}) });
    throw forbidden(`Not allowed to filter or sort on ${hidden.map((f) => `${runtime.subject}.${f}`).join(', ')}.`, { subject: runtime.subject });
  }
  const from = timeArg(args.from, 'from');
  const to = timeArg(args.to, 'to');
  const parts: Filter[] = [rowFilter];
  if (where) parts.push(where);
  if (from) parts.push({ op: 'gte', field: runtime.eventTimeField, value: from });
  if (to) parts.push({ op: 'lt', field: runtime.eventTimeField, value: to });
  if (args.after)
    parts.push(
      keysetAfter(
        orderBy,
        decodeCursor(args.after, orderBy, (field) => runtime.fieldsByName.get(field)?.type === 'DateTime'),
      ),
    );
  const files = await listCompleteFiles(deps.options.db, runtime.domain, runtime.name, { from, to });
  const duck = await deps.duck();
  let rows: Row[];
  try {
    // The files stay pinned in the cache (never evicted from disk) while DuckDB scans them.
    rows = await deps.options.objects.withLocalPaths(
      files.map((f) => f.objectKey),
      (paths) => scanRecords(duck, runtime, { paths, filter: { op: 'and', filters: parts }, orderBy, limit: size + 1 }),
    );
  } catch (error) {
    if (error instanceof UnsupportedFilterError) throw badUserInput(error.message, 'where');
    throw error;
  }
  const page = rows.slice(0, size);
  recordRead(context, { ...audit, rows: page.length, decision: 'allow', ...(rule ? { rule } : {}) });
  return connection(page, orderBy, rows.length > size);
}

/**
 * What the caller names in `where`, `orderBy` or `after` must be readable on every row, whatever rows it
 * may read: refused first, so a role without rows gets FORBIDDEN too (the default event-time order is checked after).
 */
function refuseHiddenArguments(runtime: DatasetRuntime, context: GovernedContext, args: RecordsArgs, rule: string | undefined): void {
  const uses = fieldUses(args).filter((use) => use.argument !== 'after' || runtime.fieldsByName.has(use.field));
  const hidden = hiddenUses(uses, (field) => field === runtime.idField || readableEverywhere(context, runtime.subject, field));
  if (hidden.length === 0) return;
  recordRead(context, {
    domain: runtime.domain,
    subject: runtime.subject,
    fields: [...new Set(hidden.map((use) => use.field))],
    rows: 0,
    decision: 'deny',
    ...(rule ? { rule } : {}),
  });
  throw hiddenFieldError(runtime.subject, hidden, rule);
}

function connection(rows: Row[], orderBy: ReturnType<typeof sortKeysFrom>, hasNextPage: boolean) {
  const edges = rows.map((node) => ({ cursor: encodeCursor(node, orderBy), node }));
  return {
    edges,
    nodes: rows,
    pageInfo: { hasNextPage, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

/** A URL exposes every field of every row of the object: it needs unconditional read access to all of them. */
async function downloadUrl(runtime: DatasetRuntime, deps: ReadDeps, context: GovernedContext, key: string): Promise<string> {
  const file = await findCompleteFile(deps.options.db, key);
  if (!file || file.domain !== runtime.domain || file.dataset !== runtime.name) {
    throw new GraphQLError(`No lake object ${key} in ${runtime.qualifiedName}.`, { extensions: { code: 'NOT_FOUND' } });
  }
  const { filter, rule } = rowFilterOf(context, runtime);
  const denied = runtime.fields.filter((f) => f.name !== runtime.idField && !readableEverywhere(context, runtime.subject, f.name)).map((f) => f.name);
  const audit = { domain: runtime.domain, subject: runtime.subject, fields: ['downloadUrl'] };
  if (!(filter.op === 'const' && filter.value) || denied.length > 0) {
    recordRead(context, { ...audit, rows: 0, decision: 'deny', ...(rule ? { rule } : {}) });
    throw forbidden(
      `A download exposes every row and field of ${runtime.subject}; ${denied.length > 0 ? `not allowed to read ${denied.join(', ')}` : 'rows are restricted'}.`,
      { subject: runtime.subject },
    );
  }
  const url = await deps.options.store.presignGet(key, 15 * 60);
  recordRead(context, { ...audit, rows: file.rows, decision: 'allow', ...(rule ? { rule } : {}) });
  return url;
}

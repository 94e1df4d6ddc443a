/**
 * A step's inputs, read as its pipeline's service principal: the principal's
 * row filter is pushed into the read (DuckDB over the lake's Parquet, the
 * store's own query for entities), a field it may not read on every row is
 * bound as NULL, and every input is recorded on the run's access record.
 * A dataset input of a partitioned step reads the partition (and the window
 * before it); an unpartitioned one reads the whole dataset.
 */
import { type GovernedContext, ruleName, touch } from '../../governed/index.ts';
import { datasetCollectionSpec, datasetRuntime, duckWhere, listCompleteFiles } from '../../lake/index.ts';
import { collectionSpecOf, type SourceResolver } from '../../operational/index.ts';
import type { DatasetDescriptor, EntityDescriptor, ResolvedInput, Row } from '../../sdk/index.ts';
import type { Filter, PlatformDatabase } from '../../sources/index.ts';
import { type CompiledPipeline, type InputBinding, stepOutputOf } from '../processing/index.ts';

export interface TimeWindow {
  start: Date;
  end: Date;
}

/** What a resolved input reads: a dataset (also another step's dataset output) or an entity. */
export type InputSource =
  | { kind: 'dataset'; domain: string; name: string; descriptor: DatasetDescriptor; window: TimeWindow | undefined }
  | { kind: 'entity'; domain: string; name: string; descriptor: EntityDescriptor };

/** A bound input and the object keys it needs pinned locally while the step runs. */
export interface PendingInput {
  name: string;
  keys: string[];
  bind(paths: string[]): InputBinding;
}

const PAGE = 5_000;

/** Where a resolved input reads from; a step input reads its upstream step's output asset. */
export function sourceOf(input: ResolvedInput, window: TimeWindow | undefined, pipelines: readonly CompiledPipeline[]): InputSource {
  if (input.kind === 'dataset') return { kind: 'dataset', domain: input.domain, name: input.name, descriptor: input.descriptor, window };
  if (input.kind === 'entity') return { kind: 'entity', domain: input.domain, name: input.name, descriptor: input.descriptor };
  const output = stepOutputOf(input, pipelines);
  if (!output) throw new Error(`step ${input.domain}.${input.pipeline}.${input.step} is not compiled`);
  return output.kind === 'dataset'
    ? { kind: 'dataset', domain: input.domain, name: output.name, descriptor: output.descriptor, window }
    : { kind: 'entity', domain: input.domain, name: output.name, descriptor: output.descriptor };
}

export async function readInput(
  name: string,
  source: InputSource,
  context: GovernedContext,
  stores: { db: PlatformDatabase; records: SourceResolver },
): Promise<PendingInput> {
  const subject = source.kind === 'dataset' ? `${source.domain}.lake.${source.name}` : `${source.domain}.${source.name}`;
  const { filter, rules } = context.access.rowFilter('read', subject);
  const fields = Object.keys(source.descriptor.fields);
  const access = context.access.fieldAccess('read', subject);
  const masked = fields.filter((f) => !access.allowed(f) || access.needsRowCheck(f));
  const plane = source.kind === 'dataset' ? 'lake' : 'operational';
  const record = (rows: number) =>
    touch(context, plane, 'read', {
      domain: source.domain,
      subject,
      fields: fields.filter((f) => !masked.includes(f)),
      rows,
      decision: isNothing(filter) ? 'deny' : masked.length > 0 ? 'partial' : 'allow',
      rule: rules.map(ruleName).join(',') || undefined,
    });
  if (isNothing(filter)) {
    record(0);
    return { name, keys: [], bind: () => ({ kind: 'rows', rows: [] }) };
  }
  if (source.kind === 'entity') {
    const rows = await readEntityRows(source.descriptor, filter, masked, stores.records);
    record(rows.length);
    return { name, keys: [], bind: () => ({ kind: 'rows', rows }) };
  }
  return readDataset(name, source, filter, masked, stores.db, record);
}

async function readDataset(
  name: string,
  source: Extract<InputSource, { kind: 'dataset' }>,
  policy: Filter,
  masked: string[],
  db: PlatformDatabase,
  record: (rows: number) => void,
): Promise<PendingInput> {
  const files = await listCompleteFiles(db, source.domain, source.name, source.window ? { from: source.window.start, to: source.window.end } : {});
  record(files.reduce((sum, f) => sum + f.rows, 0));
  const eventTime = source.descriptor.eventTime;
  const inWindow: Filter[] = source.window
    ? [
        { op: 'gte', field: eventTime, value: source.window.start },
        { op: 'lt', field: eventTime, value: source.window.end },
      ]
    : [];
  const spec = datasetCollectionSpec(datasetRuntime(source.domain, source.name, source.descriptor));
  const where = duckWhere(spec, { op: 'and', filters: [policy, ...inWindow] });
  return { name, keys: files.map((f) => f.objectKey), bind: (paths) => ({ kind: 'parquet', paths, where, masked }) };
}

/** Every row the principal may read, page by page in key order; masked fields are null. */
async function readEntityRows(entity: EntityDescriptor, filter: Filter, masked: string[], records: SourceResolver): Promise<Row[]> {
  const spec = collectionSpecOf(entity);
  const source = records(entity.source.kind);
  const fields = Object.keys(entity.fields);
  const rows: Row[] = [];
  let after: unknown[] | undefined;
  for (;;) {
    const page = await source.find(spec, { where: filter, orderBy: [{ field: entity.key, direction: 'asc' }], after: after as never, limit: PAGE, fields });
    for (const row of page) rows.push(Object.fromEntries(fields.map((f) => [f, masked.includes(f) ? null : (row[f] ?? null)])));
    if (page.length < PAGE) return rows;
    after = [page[page.length - 1]?.[entity.key]];
  }
}

function isNothing(filter: Filter): boolean {
  return filter.op === 'const' && filter.value === false;
}

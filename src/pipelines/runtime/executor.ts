/**
 * The engine's step executor for the mesh's compiled pipelines: one unit
 * (a step over one partition) reads its inputs as the pipeline's service
 * principal, runs the step's plan in DuckDB, evaluates its checks, and, when
 * no blocking check failed, publishes the output exactly once (see
 * outputs.ts). The unit's access record names every input and output.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '../../auth/index.ts';
import { assertNever } from '../../common/index.ts';
import type { GovernedContext } from '../../governed/index.ts';
import type { ObjectCache } from '../../lake/index.ts';
import type { SourceResolver } from '../../operational/index.ts';
import type { CheckDescriptor } from '../../sdk/index.ts';
import type { ObjectStore, PlatformDatabase } from '../../sources/index.ts';
import type { CheckOutcome, StepExecutor, StepJob, StepOutcome } from '../engine/index.ts';
import {
  type Bindings,
  type CheckResult,
  type CompiledPipeline,
  type CompiledStep,
  executePlan,
  type PartitionBounds,
  partitionBounds,
  windowBounds,
} from '../processing/index.ts';
import { type PendingInput, readInput, sourceOf, type TimeWindow } from './inputs.ts';
import { publishDataset, upsertEntity } from './outputs.ts';

/** A governed context for work done as a service principal, and the access record written when it ends (the gateway's `actAs`). */
export type ActAsPrincipal = (actor: Actor, operationName: string) => { context: GovernedContext; complete(error?: unknown): Promise<void> };

export interface StepRuntimeOptions {
  pipelines: readonly CompiledPipeline[];
  db: PlatformDatabase;
  store: ObjectStore;
  objects: ObjectCache;
  records: SourceResolver;
  actAs: ActAsPrincipal;
  /** Where a unit's temporary Parquet files go (a directory per unit, removed after it). */
  workDir?: string;
}

export function createStepExecutor(options: StepRuntimeOptions): StepExecutor {
  const steps = new Map(options.pipelines.flatMap((p) => Object.values(p.steps).map((s) => [`${p.id}.${s.step}`, { pipeline: p, step: s }] as const)));
  return async (job) => {
    const found = steps.get(`${job.pipeline}.${job.step}`);
    if (!found) throw new Error(`no compiled step ${job.pipeline}.${job.step}`);
    const { pipeline, step } = found;
    const principal = pipeline.descriptor.principal;
    const actor = { sub: principal.sub, roles: principal.roles, claims: principal.claims ?? {} };
    const session = options.actAs(actor, `pipeline ${step.id}${job.partition ? ` [${job.partition}]` : ''} attempt ${job.attempt}`);
    const workDir = await mkdtemp(join(options.workDir ?? tmpdir(), 'meshgate-step-'));
    try {
      const outcome = await runUnit(options, pipeline, step, job, session.context, workDir);
      await session.complete();
      return outcome;
    } catch (error) {
      await session.complete(error).catch(() => {});
      throw error;
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  };
}

async function runUnit(
  options: StepRuntimeOptions,
  pipeline: CompiledPipeline,
  step: CompiledStep,
  job: StepJob,
  context: GovernedContext,
  workDir: string,
): Promise<StepOutcome> {
  const bounds = pipeline.partitioning === 'none' || job.partition === null ? undefined : partitionBounds(pipeline.partitioning, job.partition);
  const pending: PendingInput[] = [];
  for (const [name, input] of Object.entries(step.inputs)) {
    const window = bounds && pipeline.partitioning !== 'none' ? windowOf(pipeline.partitioning, bounds, input) : undefined;
    pending.push(await readInput(name, sourceOf(input, window, options.pipelines), context, { db: options.db, records: options.records }));
  }
  job.progress({ fraction: 0.2, message: 'inputs read' });
  const keys = pending.flatMap((p) => p.keys);
  const outFile = join(workDir, 'output.parquet');
  const toDataset = step.output.kind === 'dataset';
  const result = await options.objects.withLocalPaths(keys, async (paths) => {
    const bindings: Bindings = {};
    let offset = 0;
    for (const input of pending) {
      bindings[input.name] = input.bind(paths.slice(offset, offset + input.keys.length));
      offset += input.keys.length;
    }
    return executePlan(step.plan, bindings, {
      partition: bounds,
      checks: step.checks,
      reference: bounds?.end,
      addEventId: step.addEventId,
      ...(toDataset ? { parquetPath: outFile } : { returnRows: true }),
    });
  });
  job.progress({ fraction: 0.7, message: `${result.stats.outputRows} rows computed` });
  const checks = result.checks.map(checkOutcome);
  const rowsIn = Object.values(result.stats.inputRows).reduce((sum, n) => sum + n, 0);
  const blocked = checks.some((c) => c.blocking && !c.passed);
  if (blocked) job.log('a blocking check failed: the output was not published');
  const bytes = blocked ? 0 : await publish(options, pipeline, step, job.partition, bounds, context, { outFile, rows: result.rows ?? [] }, workDir);
  return { rowsIn, rowsOut: result.stats.outputRows, bytes, checks };
}

/** A dataset input reads its window of partitions ending with the unit's; a step input reads the same partition. */
function windowOf(partitioning: 'day' | 'hour', bounds: PartitionBounds, input: CompiledStep['inputs'][string]): TimeWindow {
  return windowBounds(partitioning, bounds, input.kind === 'dataset' ? input.partitions : 1);
}

async function publish(
  options: StepRuntimeOptions,
  pipeline: CompiledPipeline,
  step: CompiledStep,
  partition: string | null,
  bounds: PartitionBounds | undefined,
  context: GovernedContext,
  output: { outFile: string; rows: Record<string, unknown>[] },
  workDir: string,
): Promise<number> {
  const target = step.output;
  if (target.kind === 'entity') {
    await upsertEntity(output.rows, { domain: step.domain, entity: target.name, descriptor: target.descriptor }, context, options.records);
    return 0;
  }
  const hourly = pipeline.partitioning === 'hour';
  const part =
    bounds && partition
      ? { dt: partition.slice(0, 10), hour: hourly ? Number(partition.slice(11, 13)) : null, start: bounds.start, end: bounds.end }
      : undefined;
  const producer = `${pipeline.name}.${step.step}`;
  const bytes = await publishDataset(
    output.outFile,
    { domain: step.domain, dataset: target.name, descriptor: target.descriptor, partition: part, producer },
    { db: options.db, store: options.store, workDir },
  );
  context.audit.touch({
    plane: 'lake',
    action: 'create',
    domain: step.domain,
    subject: `${step.domain}.lake.${target.name}`,
    fields: Object.keys(target.descriptor.fields),
    rows: 0,
    decision: 'allow',
  });
  return bytes;
}

function checkOutcome(result: CheckResult): CheckOutcome {
  return { name: checkName(result.check), passed: result.passed, blocking: result.blocking, detail: result.detail };
}

function checkName(check: CheckDescriptor): string {
  switch (check.kind) {
    case 'rowCount':
      return `rowCount(${check.min ?? ''}..${check.max ?? ''})`;
    case 'notNull':
    case 'unique':
      return `${check.kind}(${check.fields.join(', ')})`;
    case 'acceptedValues':
    case 'freshness':
      return `${check.kind}(${check.field})`;
    default:
      return assertNever(check, 'check kind');
  }
}

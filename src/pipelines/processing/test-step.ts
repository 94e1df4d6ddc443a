/**
 * `testStep`: runs one step of a data product on in-memory records, with no
 * service (DuckDB in process), for unit tests of domain steps. The step is
 * built and type-checked as at load; dataset inputs keep only the records of
 * the partition's window, as the engine would read them.
 */
import { buildStep, type DataProduct, DescriptorError, type DescriptorIssue, EVENT_ID, type ResolvedInput, type Row } from '../../sdk/index.ts';
import type { Bindings } from './bind.ts';
import type { CheckResult } from './checks.ts';
import type { PartitionBounds } from './expr-sql.ts';
import { partitionBounds, PartitionError, windowBounds } from './partition.ts';
import { executePlan } from './run.ts';
import type { RunStats } from './session.ts';

export interface TestStepOptions {
  /** The partition to compute (`2026-11-01`, or `2026-11-01T07` hourly); required by partitioned pipelines. */
  partition?: string;
  /** The other products, when the step reads another domain's dataset, entity or step. */
  mesh?: readonly DataProduct[];
  /** What freshness is measured against when unpartitioned; default now. */
  now?: Date;
}

export interface TestStepResult {
  rows: Row[];
  checks: CheckResult[];
  stats: RunStats;
}

export async function testStep(product: DataProduct, stepRef: string, inputs: Record<string, Row[]>, options: TestStepOptions = {}): Promise<TestStepResult> {
  const [pipelineName, stepName] = stepRef.split('.');
  const pipeline = pipelineName === undefined ? undefined : product.pipelines?.[pipelineName];
  if (!pipeline || stepName === undefined || !Object.hasOwn(pipeline.steps, stepName)) {
    throw new TypeError(`${product.name} has no step ${stepRef}; name it as <pipeline>.<step>`);
  }
  const issues: DescriptorIssue[] = [];
  const mesh = new Map([...(options.mesh ?? []), product].map((p) => [p.name, p]));
  const built = buildStep(product, pipelineName!, stepName, mesh, (path, message) => issues.push({ domain: product.name, path, message }));
  if (built.kind !== 'built')
    throw new DescriptorError(
      issues.length ? issues : [{ domain: product.name, path: `pipelines.${stepRef}`, message: 'reads another domain: pass options.mesh' }],
    );
  const partitioning = pipeline.partitioning ?? 'none';
  if (partitioning !== 'none' && options.partition === undefined)
    throw new PartitionError(`pipeline ${pipelineName} is ${partitioning}-partitioned: pass options.partition`);
  const bounds = partitioning === 'none' || options.partition === undefined ? undefined : partitionBounds(partitioning, options.partition);
  const bindings: Bindings = {};
  for (const [name, input] of Object.entries(built.step.inputs)) {
    const rows = Object.hasOwn(inputs, name) ? inputs[name] : undefined;
    if (!rows) throw new TypeError(`no rows for input ${name} of ${stepRef}; inputs are: ${Object.keys(built.step.inputs).join(', ')}`);
    const window = bounds && partitioning !== 'none' && input.kind === 'dataset' ? windowBounds(partitioning, bounds, input.partitions) : undefined;
    bindings[name] = { kind: 'rows', rows: inputRows(name, input, rows, window) };
  }
  const result = await executePlan(built.step.plan.node, bindings, {
    ...(bounds ? { partition: bounds } : {}),
    checks: built.step.descriptor.checks ?? [],
    reference: bounds?.end ?? options.now ?? new Date(),
    returnRows: true,
  });
  return { rows: result.rows ?? [], checks: result.checks, stats: result.stats };
}

/** Dataset records get an `eventId` when the test leaves it out, and only the window's records are kept. */
function inputRows(name: string, input: ResolvedInput, rows: Row[], window: PartitionBounds | undefined): Row[] {
  if (input.kind !== 'dataset') return rows;
  const timeField = input.descriptor.eventTime;
  return rows
    .map((row, index) => (row[EVENT_ID] === undefined ? { ...row, [EVENT_ID]: `${name}-${index}` } : row))
    .filter((row) => {
      if (!window) return true;
      const time = new Date(row[timeField] as string | Date).getTime();
      return time >= window.start.getTime() && time < window.end.getTime();
    });
}

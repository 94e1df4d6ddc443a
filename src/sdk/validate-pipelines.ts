/**
 * Pipelines at load: inputs name existing datasets, entities and steps; the
 * step graph has no cycle; outputs are this domain's assets and a derived
 * dataset names its producer; partitioning agrees; the cron parses; and each
 * step's `transform` is called on symbolic inputs so its plan is built and its
 * schema compared with the output's declared fields (the types at the edges).
 * Inputs of another domain resolve only in `validateMesh`; until then a step
 * reading one is not type-checked.
 */
import type { DataProductDescriptor } from './descriptor-types.ts';
import type { DescriptorIssue } from './descriptor-error.ts';
import type { PipelineDescriptor, StepDescriptor } from './pipeline-types.ts';
import { cronProblem } from './cron.ts';
import { type Mesh, type ResolvedInput, type ResolvedOutput, resolveInput, resolveOutput } from './pipeline-inputs.ts';
import { schemaIssues } from './schema-compare.ts';
import { Relation } from './relation/relation.ts';
import { PlanError } from './relation/schema.ts';
import { stepCycle } from './step-graph.ts';

/** A step whose inputs resolved and whose plan was built and type-checked. */
export interface BuiltStep {
  pipeline: string;
  step: string;
  descriptor: StepDescriptor;
  inputs: Record<string, ResolvedInput>;
  output: ResolvedOutput;
  /** The transform's result over symbolic inputs named after the step's inputs, projected to the output's fields in their declared order. */
  plan: Relation;
}

export type StepBuild = { kind: 'built'; step: BuiltStep } | { kind: 'invalid' } | { kind: 'deferred' };

type Report = (path: string, message: string) => void;

export function pipelineIssues(d: DataProductDescriptor, mesh?: Mesh): DescriptorIssue[] {
  const issues: DescriptorIssue[] = [];
  const report: Report = (path, message) => issues.push({ domain: d.name, path, message });
  for (const [name, pipeline] of Object.entries(d.pipelines ?? {})) {
    const path = `pipelines.${name}`;
    const problem = pipeline.schedule === undefined ? undefined : cronProblem(pipeline.schedule);
    if (problem) report(`${path}.schedule`, `"${pipeline.schedule}" ${problem}`);
    graphIssues(name, pipeline, report);
    for (const step of Object.keys(pipeline.steps)) buildStep(d, name, step, mesh, report);
  }
  producerIssues(d, report);
  return issues;
}

function graphIssues(name: string, pipeline: PipelineDescriptor, report: Report): void {
  for (const [step, def] of Object.entries(pipeline.steps)) {
    for (const dep of def.dependsOn ?? []) {
      if (!Object.hasOwn(pipeline.steps, dep))
        report(`pipelines.${name}.steps.${step}.dependsOn`, `names unknown step ${dep}; steps are: ${Object.keys(pipeline.steps).join(', ')}`);
    }
  }
  const cycle = stepCycle(pipeline);
  if (cycle) report(`pipelines.${name}.steps`, `the steps form a cycle: ${cycle.join(' → ')}; a step cannot depend on its own output`);
}

/** A dataset marked `producedBy` names a step of this domain that writes it. */
function producerIssues(d: DataProductDescriptor, report: Report): void {
  for (const [name, dataset] of Object.entries(d.lake?.datasets ?? {})) {
    if (dataset.producedBy === undefined) continue;
    const [pipeline, step] = dataset.producedBy.split('.') as [string, string];
    const producer = d.pipelines?.[pipeline]?.steps[step];
    if (!producer) report(`lake.datasets.${name}.producedBy`, `names unknown step ${dataset.producedBy}; it must name <pipeline>.<step> of this domain`);
    else if (!('dataset' in producer.output) || producer.output.dataset !== name) {
      report(`lake.datasets.${name}.producedBy`, `step ${dataset.producedBy} does not write this dataset (its output is ${JSON.stringify(producer.output)})`);
    }
  }
}

/** Resolves a step's inputs and output, builds its plan and compares the schemas; reports every problem. */
export function buildStep(d: DataProductDescriptor, pipelineName: string, stepName: string, mesh: Mesh | undefined, report: Report): StepBuild {
  const pipeline = d.pipelines![pipelineName]!;
  const step = pipeline.steps[stepName]!;
  const path = `pipelines.${pipelineName}.steps.${stepName}`;
  const partitioning = pipeline.partitioning ?? 'none';
  const inputs: Record<string, ResolvedInput> = {};
  let state: 'ok' | 'invalid' | 'deferred' = 'ok';
  for (const [name, input] of Object.entries(step.inputs)) {
    const resolved = resolveInput(d, pipelineName, input, mesh);
    if (resolved.kind === 'error') report(`${path}.inputs.${name}`, resolved.message);
    if (resolved.kind !== 'ok') {
      state = resolved.kind === 'error' ? 'invalid' : state === 'invalid' ? state : 'deferred';
      continue;
    }
    inputs[name] = resolved.value;
    if ('dataset' in input && input.window && partitioning === 'none')
      report(`${path}.inputs.${name}.window`, `needs a partitioned pipeline; pipelines.${pipelineName}.partitioning is none`);
  }
  const output = resolveOutput(d, step.output);
  if (output.kind !== 'ok') {
    if (output.kind === 'error') report(`${path}.output`, output.message);
    return { kind: 'invalid' };
  }
  outputIssues(output.value, `${pipelineName}.${stepName}`, partitioning, `${path}.output`, report);
  checkFieldIssues(step, output.value, `${path}.checks`, report);
  if (state !== 'ok') return { kind: state };
  const plan = runTransform(step, inputs, `${path}.transform`, report);
  if (!plan) return { kind: 'invalid' };
  const problems = schemaIssues(plan.schema, output.value.writeSchema, `${path}.output`, report);
  if (problems > 0) return { kind: 'invalid' };
  // The output's columns in declaration order, as the asset lists them.
  const ordered = plan.select(...Object.keys(output.value.writeSchema));
  return { kind: 'built', step: { pipeline: pipelineName, step: stepName, descriptor: step, inputs, output: output.value, plan: ordered } };
}

function outputIssues(output: ResolvedOutput, producer: string, partitioning: string, path: string, report: Report): void {
  if (output.kind !== 'dataset') return;
  if (output.descriptor.producedBy !== producer) {
    report(
      path,
      `dataset ${output.name} must declare producedBy: '${producer}' (it is ${output.descriptor.producedBy === undefined ? 'fed by events' : `produced by ${output.descriptor.producedBy}`})`,
    );
  }
  if (partitioning !== output.descriptor.partitioning) {
    report(
      path,
      `a ${partitioning}-partitioned step cannot write dataset ${output.name}, which is ${output.descriptor.partitioning}-partitioned; the pipeline's partitioning must be ${output.descriptor.partitioning}`,
    );
  }
}

/** A check names fields of the step's output. */
function checkFieldIssues(step: StepDescriptor, output: ResolvedOutput, path: string, report: Report): void {
  for (const [index, check] of (step.checks ?? []).entries()) {
    const fields = 'fields' in check ? check.fields : 'field' in check ? [check.field] : [];
    for (const field of fields) {
      if (!Object.hasOwn(output.readSchema, field))
        report(`${path}.${index}`, `names unknown field ${field} of the output; fields are: ${Object.keys(output.readSchema).join(', ')}`);
    }
    if (check.kind === 'freshness' && output.readSchema[check.field] && output.readSchema[check.field]!.type !== 'DateTime') {
      report(`${path}.${index}.field`, `freshness needs a DateTime field; ${check.field} is ${output.readSchema[check.field]!.type}`);
    }
  }
}

function runTransform(step: StepDescriptor, inputs: Record<string, ResolvedInput>, path: string, report: Report): Relation | undefined {
  const symbolic = Object.fromEntries(Object.entries(inputs).map(([name, input]) => [name, Relation.input(name, input.schema)]));
  try {
    const result = step.transform(symbolic);
    if (result instanceof Relation) return result;
    report(path, 'must return a Relation built from its inputs');
  } catch (error) {
    report(path, error instanceof PlanError ? error.message : `threw while building the plan: ${(error as Error).message}`);
  }
  return undefined;
}

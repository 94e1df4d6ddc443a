/**
 * The validated pipelines of the mesh with their built plans, for the engine:
 * per step its resolved inputs, output, plan, checks, and the steps it waits
 * for; per pipeline an order in which every step follows its dependencies.
 */
import {
  buildStep,
  type CheckDescriptor,
  type DataProduct,
  DescriptorError,
  type DescriptorIssue,
  EVENT_ID,
  type PipelineDescriptor,
  type PlanNode,
  type ResolvedInput,
  type ResolvedOutput,
  stepOrder,
} from '../../sdk/index.ts';

export interface CompiledStep {
  /** `domain.pipeline.step`. */
  id: string;
  domain: string;
  pipeline: string;
  step: string;
  inputs: Record<string, ResolvedInput>;
  output: ResolvedOutput;
  plan: PlanNode;
  checks: CheckDescriptor[];
  /** Steps (`domain.pipeline.step`) that must have produced their output first: read inputs and `dependsOn`. */
  upstream: string[];
  /** The output is a dataset that does not declare `eventId`: the writer adds a deterministic one. */
  addEventId: boolean;
}

export interface CompiledPipeline {
  /** `domain.pipeline`. */
  id: string;
  domain: string;
  name: string;
  descriptor: PipelineDescriptor;
  partitioning: NonNullable<PipelineDescriptor['partitioning']>;
  /** Step names, each after the steps of this pipeline it depends on. */
  order: string[];
  steps: Record<string, CompiledStep>;
}

/** Every pipeline of the mesh, plans built. Expects products that passed `validateMesh`; throws a DescriptorError otherwise. */
export function compiledPipelines(products: readonly DataProduct[]): CompiledPipeline[] {
  const mesh = new Map(products.map((product) => [product.name, product]));
  const issues: DescriptorIssue[] = [];
  const pipelines: CompiledPipeline[] = [];
  for (const product of products) {
    for (const [name, descriptor] of Object.entries(product.pipelines ?? {})) {
      const steps: Record<string, CompiledStep> = {};
      for (const step of Object.keys(descriptor.steps)) {
        const report = (path: string, message: string) => issues.push({ domain: product.name, path, message });
        const built = buildStep(product, name, step, mesh, report);
        if (built.kind === 'built') steps[step] = compiledStep(product.name, built.step);
        else if (built.kind === 'deferred') report(`pipelines.${name}.steps.${step}`, 'reads an input no product of the mesh provides');
      }
      const order = stepOrder(descriptor);
      pipelines.push({ id: `${product.name}.${name}`, domain: product.name, name, descriptor, partitioning: descriptor.partitioning ?? 'none', order, steps });
    }
  }
  if (issues.length) throw new DescriptorError(issues);
  return pipelines;
}

function compiledStep(domain: string, built: Extract<ReturnType<typeof buildStep>, { kind: 'built' }>['step']): CompiledStep {
  const read = Object.values(built.inputs).flatMap((input) => (input.kind === 'step' ? [`${input.domain}.${input.pipeline}.${input.step}`] : []));
  const ordered = (built.descriptor.dependsOn ?? []).map((step) => `${domain}.${built.pipeline}.${step}`);
  return {
    id: `${domain}.${built.pipeline}.${built.step}`,
    domain,
    pipeline: built.pipeline,
    step: built.step,
    inputs: built.inputs,
    output: built.output,
    plan: built.plan.node,
    checks: built.descriptor.checks ?? [],
    upstream: [...new Set([...read, ...ordered])],
    addEventId: built.output.kind === 'dataset' && !Object.hasOwn(built.output.descriptor.fields, EVENT_ID),
  };
}

/** The output of the step a `step` input reads (of this or another domain's pipeline); undefined when no such step is compiled. */
export function stepOutputOf(input: { domain: string; pipeline: string; step: string }, pipelines: readonly CompiledPipeline[]): ResolvedOutput | undefined {
  return pipelines.find((p) => p.domain === input.domain && p.name === input.pipeline)?.steps[input.step]?.output;
}

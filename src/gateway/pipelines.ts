/**
 * The pipelines of the mesh, wired: the descriptors' compiled pipelines, the
 * step executor (reads as each pipeline's principal, publishes into the lake
 * and the stores), the durable engine on the profile's database (PGlite's
 * own pg-boss adapter embedded, PostgreSQL otherwise), and what the platform
 * API shows of them. A gateway runs a worker in process unless
 * `MESHGATE_PIPELINE_WORKER=off`; `meshgate worker` runs more.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { assertNever } from '../common/index.ts';
import type { Logger } from '../observability/index.ts';
import {
  type BossConnection,
  type CompiledPipeline,
  compiledPipelines,
  createPipelineEngine,
  createStepExecutor,
  type EnginePipeline,
  type LandedPartitionTrigger,
  type PipelineEngine,
  type PipelineInfo,
  type PipelinesApiOptions,
  pipelineMetrics,
  startLandedPartitionTrigger,
  stepFieldLineage,
  stepOutputOf,
} from '../pipelines/index.ts';
import type { DataProduct, ResolvedInput, ResolvedOutput } from '../sdk/index.ts';
import type { GatewayConfig } from './config.ts';
import type { Governance } from './governance.ts';
import type { RunningLake } from './lake.ts';
import type { ProfileSources } from './sources.ts';

export interface RunningPipelines {
  engine: PipelineEngine;
  /** Starts the steps that read a partition when files land in it (a pass every MESHGATE_PIPELINE_TRIGGER_INTERVAL_SECONDS). */
  trigger: LandedPartitionTrigger;
  /** What the platform subgraph serves. */
  api: PipelinesApiOptions;
  close(): Promise<void>;
}

export interface OpenPipelinesOptions {
  /** Work units in this process (default: the configuration's `pipelineWorker`). */
  worker?: boolean;
  concurrency?: number;
}

export async function openPipelines(
  config: GatewayConfig,
  products: readonly DataProduct[],
  parts: { sources: ProfileSources; governance: Governance; lake: RunningLake; logger: Logger },
  options: OpenPipelinesOptions = {},
): Promise<RunningPipelines> {
  const compiled = compiledPipelines(products);
  const { sources, governance, lake, logger } = parts;
  const workDir = config.profile.kind === 'embedded' && !config.profile.dataDir.startsWith('memory://') ? join(config.profile.dataDir, 'pipelines') : undefined;
  if (workDir) mkdirSync(workDir, { recursive: true });
  const metrics = pipelineMetrics(lake.metrics.registry, sources.platform);
  const execute = metrics.instrument(
    createStepExecutor({
      pipelines: compiled,
      db: sources.platform,
      store: lake.sources.store,
      objects: lake.objects,
      records: sources.resolve,
      actAs: governance.actAs,
      workDir,
    }),
  );
  const enginePipelines = compiled.map((p) => enginePipeline(p, compiled));
  const engine = createPipelineEngine({
    db: sources.platform,
    boss: bossConnection(config, sources),
    pipelines: enginePipelines,
    execute,
    logger: logger.child({ module: 'pipelines' }),
  });
  await engine.start({ worker: options.worker ?? config.pipelineWorker, concurrency: options.concurrency });
  const trigger = await startLandedPartitionTrigger({
    db: sources.platform,
    engine,
    datasets: [...new Set(enginePipelines.flatMap((p) => p.steps.flatMap((s) => s.readsDatasets)))],
    logger,
    intervalSeconds: config.pipelineTriggerSeconds,
  }).catch(async (error) => {
    await engine.stop();
    throw error;
  });
  return {
    engine,
    trigger,
    api: { engine, pipelines: compiled.map((p) => pipelineInfo(p, compiled)) },
    async close() {
      await trigger.stop();
      await engine.stop();
    },
  };
}

function bossConnection(config: GatewayConfig, sources: ProfileSources): BossConnection {
  if (config.profile.kind === 'services') return { kind: 'postgres', connection: config.profile.database };
  if (!sources.pglite) throw new Error('the embedded profile has no PGlite database to queue pipeline units on');
  return { kind: 'pglite', db: sources.pglite };
}

/**
 * What the engine needs: the DAG of the pipeline's own steps, retries, schedule, and the datasets each step reads
 * (another pipeline's output is read as published: its dataset landing triggers the step).
 */
function enginePipeline(p: CompiledPipeline, all: readonly CompiledPipeline[]): EnginePipeline {
  const own = `${p.id}.`;
  return {
    id: p.id,
    partitioning: p.partitioning,
    schedule: p.descriptor.schedule,
    maxAttempts: p.descriptor.retries?.maxAttempts ?? 3,
    backoffSeconds: p.descriptor.retries?.backoffSeconds ?? 10,
    steps: p.order.map((name) => {
      const step = p.steps[name];
      return {
        name,
        dependsOn: (step?.upstream ?? []).filter((id) => id.startsWith(own)).map((id) => id.slice(own.length)),
        readsDatasets: Object.values(step?.inputs ?? {}).flatMap((input) => datasetRead(input, p, all)),
      };
    }),
  };
}

function datasetRead(input: ResolvedInput, p: CompiledPipeline, all: readonly CompiledPipeline[]): string[] {
  if (input.kind === 'dataset') return [`${input.domain}.${input.name}`];
  if (input.kind !== 'step' || (input.domain === p.domain && input.pipeline === p.name)) return [];
  const output = stepOutputOf(input, all);
  return output?.kind === 'dataset' ? [`${input.domain}.${output.name}`] : [];
}

function pipelineInfo(p: CompiledPipeline, all: readonly CompiledPipeline[]): PipelineInfo {
  return {
    id: p.id,
    domain: p.domain,
    name: p.name,
    description: p.descriptor.description,
    partitioning: p.partitioning,
    schedule: p.descriptor.schedule,
    principal: p.descriptor.principal.sub,
    steps: p.order.map((name) => {
      const step = p.steps[name];
      const output = step?.output;
      const assets = Object.fromEntries(Object.entries(step?.inputs ?? {}).map(([input, resolved]) => [input, assetOf(resolved, all)]));
      return {
        name,
        description: p.descriptor.steps[name]?.description,
        inputs: [...new Set(Object.values(assets))],
        output: output ? outputAsset(p.domain, output) : '',
        dependsOn: (step?.upstream ?? []).map((id) => (id.startsWith(`${p.id}.`) ? id.slice(p.id.length + 1) : id)),
        fieldLineage: step ? stepFieldLineage(step.plan, assets) : [],
      };
    }),
  };
}

/** An input as an asset id; a step input is the asset its step writes. */
function assetOf(input: ResolvedInput, all: readonly CompiledPipeline[]): string {
  switch (input.kind) {
    case 'dataset':
      return `${input.domain}.lake.${input.name}`;
    case 'entity':
      return `${input.domain}.${input.name}`;
    case 'step': {
      const output = stepOutputOf(input, all);
      return output ? outputAsset(input.domain, output) : `${input.domain}.${input.pipeline}.${input.step}`;
    }
    default:
      return assertNever(input, 'input kind');
  }
}

/** The asset a step writes, named as its policy subject is: `<domain>.lake.<dataset>` or `<domain>.<Entity>`. */
function outputAsset(domain: string, output: ResolvedOutput): string {
  return output.kind === 'dataset' ? `${domain}.lake.${output.name}` : `${domain}.${output.name}`;
}

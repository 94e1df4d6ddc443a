/**
 * `meshgate pipelines …`: a client of a running gateway's public GraphQL API
 * (the same fields scripts use), so every run, retry and backfill is
 * authorised (`execute` on the pipeline) and recorded like any caller's. The
 * token is `--token`, else `MESHGATE_TOKEN`, else, on the embedded profile, a
 * development token of the admin role.
 */
import cliProgress from 'cli-progress';
import { devSecret, mintToken } from '../auth/index.ts';
import { configFromEnv } from '../gateway/index.ts';

export interface ClientOptions {
  url?: string;
  token?: string;
}

const RUN_FIELDS = `id pipeline state trigger partitions createdAt finishedAt parentRunId
  steps { name partition state attempts rowsIn rowsOut durationMs error checks { name passed blocking detail } }`;
const FINISHED = new Set(['SUCCEEDED', 'FAILED', 'SKIPPED', 'CANCELLED']);

interface StepView {
  name: string;
  partition: string | null;
  state: string;
  attempts: number;
  rowsIn: number | null;
  rowsOut: number | null;
  durationMs: number | null;
  error: string | null;
}
interface RunView {
  id: string;
  pipeline: string;
  state: string;
  steps: StepView[];
}

async function graphql<T>(options: ClientOptions, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const config = configFromEnv();
  const url = options.url ?? process.env.MESHGATE_URL ?? `http://${config.host}:${config.port}`;
  const response = await fetch(`${url.replace(/\/$/, '')}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(options)}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  const error = body.errors?.[0];
  if (error) throw Object.assign(new Error(error.message), { code: error.extensions?.code });
  return body.data as T;
}

async function tokenFor(options: ClientOptions): Promise<string> {
  const given = options.token ?? process.env.MESHGATE_TOKEN;
  if (given) return given;
  const config = configFromEnv();
  if (config.profile.kind !== 'embedded') throw new Error('pass --token or set MESHGATE_TOKEN (a token with execute on the pipeline)');
  return mintToken(devSecret(config.profile.dataDir), { roles: ['admin'], sub: 'meshgate-cli', claims: {}, expiresIn: '1h' });
}

export async function pipelinesList(options: ClientOptions): Promise<void> {
  const data = await graphql<{ pipelines: { id: string; partitioning: string; schedule: string | null; steps: { name: string; output: string }[] }[] }>(
    options,
    '{ pipelines { id partitioning schedule steps { name output } } }',
  );
  for (const p of data.pipelines) {
    process.stdout.write(`${p.id}  (${p.partitioning}${p.schedule ? `, cron ${p.schedule}` : ''})\n`);
    for (const s of p.steps) process.stdout.write(`  ${s.name} → ${s.output}\n`);
  }
}

export async function pipelinesRun(pipeline: string, options: ClientOptions & { partition: string[]; step: string[]; params?: string; wait: boolean }) {
  const params = options.params === undefined ? undefined : parseJson(options.params, '--params');
  const data = await graphql<{ runPipeline: RunView }>(
    options,
    `mutation ($pipeline: String!, $partitions: [String!], $steps: [String!], $params: JSON) {
      runPipeline(pipeline: $pipeline, partitions: $partitions, steps: $steps, params: $params) { ${RUN_FIELDS} } }`,
    { pipeline, partitions: nonEmpty(options.partition), steps: nonEmpty(options.step), params },
  );
  await follow(data.runPipeline, options);
}

export async function pipelinesRetry(runId: string, options: ClientOptions & { step: string[]; scope: string; dryRun: boolean; wait: boolean }) {
  const args = { id: runId, steps: nonEmpty(options.step), scope: options.scope.toUpperCase() };
  if (options.dryRun) {
    const data = await graphql<{ planPipelineRetry: Plan }>(
      options,
      'query ($id: ID!, $steps: [String!], $scope: PipelineRetryScope) { planPipelineRetry(id: $id, steps: $steps, scope: $scope) { pipeline units { step partition } } }',
      args,
    );
    return printPlan(data.planPipelineRetry);
  }
  const data = await graphql<{ retryPipelineRun: RunView }>(
    options,
    `mutation ($id: ID!, $steps: [String!], $scope: PipelineRetryScope) { retryPipelineRun(id: $id, steps: $steps, scope: $scope) { ${RUN_FIELDS} } }`,
    args,
  );
  await follow(data.retryPipelineRun, options);
}

export async function pipelinesBackfill(
  pipeline: string,
  options: ClientOptions & { from: string; to: string; onlyFailedOrMissing: boolean; concurrency?: string; dryRun: boolean; wait: boolean },
) {
  const args = { pipeline, from: options.from, to: options.to, onlyFailedOrMissing: options.onlyFailedOrMissing };
  if (options.dryRun) {
    const data = await graphql<{ planPipelineBackfill: Plan }>(
      options,
      `query ($pipeline: String!, $from: String!, $to: String!, $onlyFailedOrMissing: Boolean) {
        planPipelineBackfill(pipeline: $pipeline, from: $from, to: $to, onlyFailedOrMissing: $onlyFailedOrMissing) { pipeline units { step partition } } }`,
      args,
    );
    return printPlan(data.planPipelineBackfill);
  }
  const concurrency = options.concurrency === undefined ? undefined : Number(options.concurrency);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency > 0)) throw new Error('--concurrency must be a positive integer');
  const data = await graphql<{ backfillPipeline: RunView }>(
    options,
    `mutation ($pipeline: String!, $from: String!, $to: String!, $onlyFailedOrMissing: Boolean, $concurrency: Int) {
      backfillPipeline(pipeline: $pipeline, from: $from, to: $to, onlyFailedOrMissing: $onlyFailedOrMissing, concurrency: $concurrency) { ${RUN_FIELDS} } }`,
    { ...args, concurrency },
  );
  await follow(data.backfillPipeline, options);
}

export async function pipelinesStatus(runId: string, options: ClientOptions & { watch: boolean }) {
  const run = await fetchRun(options, runId);
  await follow(run, { ...options, wait: options.watch });
}

type Plan = { pipeline: string; units: { step: string; partition: string | null }[] };

function printPlan(plan: Plan): void {
  process.stdout.write(`${plan.pipeline}: ${plan.units.length} unit(s) would run\n`);
  for (const unit of plan.units) process.stdout.write(`  ${unit.step}${unit.partition ? ` [${unit.partition}]` : ''}\n`);
}

async function fetchRun(options: ClientOptions, id: string): Promise<RunView> {
  const data = await graphql<{ pipelineRun: RunView | null }>(options, `query ($id: ID!) { pipelineRun(id: $id) { ${RUN_FIELDS} } }`, { id });
  if (!data.pipelineRun) throw Object.assign(new Error(`no pipeline run ${id}`), { code: 'NOT_FOUND' });
  return data.pipelineRun;
}

/** Shows the run's units as they change (a progress bar over finished units), then a summary; exit code 1 unless it succeeded. */
async function follow(initial: RunView, options: ClientOptions & { wait: boolean }): Promise<void> {
  process.stdout.write(`run ${initial.id} of ${initial.pipeline}: ${initial.state}\n`);
  let run = initial;
  if (options.wait && !FINISHED.has(run.state)) run = await watch(run, options);
  for (const step of run.steps) process.stdout.write(`  ${describeStep(step)}\n`);
  process.stdout.write(`run ${run.id}: ${run.state}\n`);
  if (FINISHED.has(run.state) && run.state !== 'SUCCEEDED') process.exitCode = 1;
}

async function watch(initial: RunView, options: ClientOptions): Promise<RunView> {
  const bar = new cliProgress.SingleBar(
    { format: 'running [{bar}] {value}/{total} units | {running}', stream: process.stderr, noTTYOutput: !process.stderr.isTTY, notTTYSchedule: 5000 },
    cliProgress.Presets.shades_classic,
  );
  const seen = new Map(initial.steps.map((s) => [unitKey(s), s.state]));
  bar.start(initial.steps.length, 0, { running: '' });
  let run = initial;
  while (!FINISHED.has(run.state)) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    run = await fetchRun(options, run.id);
    for (const step of run.steps) {
      if (seen.get(unitKey(step)) !== step.state && !process.stderr.isTTY) process.stderr.write(`${describeStep(step)}\n`);
      seen.set(unitKey(step), step.state);
    }
    const running = run.steps.filter((s) => s.state === 'RUNNING').map(unitKey);
    bar.setTotal(run.steps.length);
    bar.update(run.steps.filter((s) => FINISHED.has(s.state)).length, { running: running.join(', ') });
  }
  bar.stop();
  return run;
}

const unitKey = (s: StepView) => `${s.name}${s.partition ? `[${s.partition}]` : ''}`;

function describeStep(s: StepView): string {
  const rows = s.rowsOut === null ? '' : ` rows ${s.rowsIn ?? 0}→${s.rowsOut}`;
  const took = s.durationMs === null ? '' : ` ${(s.durationMs / 1000).toFixed(1)} s`;
  return `${unitKey(s)}: ${s.state} (attempts ${s.attempts})${rows}${took}${s.error ? ` — ${s.error}` : ''}`;
}

const nonEmpty = (values: string[]) => (values.length > 0 ? values : undefined);

function parseJson(text: string, option: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${option} must be JSON: ${(error as Error).message}`);
  }
}

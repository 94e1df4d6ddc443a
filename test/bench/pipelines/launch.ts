/**
 * Mutation → first step running: a real gateway in process (embedded: PGlite,
 * the queue on it, an in-process worker; or services: a fresh PostgreSQL
 * database), `runPipeline` sent K times one after another, each run polled
 * every 10 ms through `pipelineRun` until a step is RUNNING or beyond, and
 * waited for until it finishes before the next launch (an idle engine each time).
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestGateway, type TestGateway, type TestProfile } from '../../support/test-gateway.ts';

const RUN = 'mutation($pipeline: String!) { runPipeline(pipeline: $pipeline) { id state } }';
const POLL = 'query($id: ID!) { pipelineRun(id: $id) { state steps { name state startedAt } } }';
const STARTED = new Set(['RUNNING', 'SUCCEEDED', 'FAILED']);
const FINISHED = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

interface Polled {
  state: string;
  steps: { name: string; state: string; startedAt: string | null }[];
}

export interface LaunchResult {
  profile: TestProfile;
  pipeline: string;
  /** Mutation sent → a poll saw a step RUNNING or beyond (ms). */
  observedMs: number[];
  /** Mutation sent → the step's own `startedAt` (ms; the same process's clock, no polling granularity). */
  startedAtMs: number[];
  /** Mutation sent → its response (ms). */
  mutationMs: number[];
  /** Polls until a step was seen started. */
  polls: number[];
  finalStates: Record<string, number>;
}

async function poll(gateway: TestGateway, id: string): Promise<Polled> {
  const response = await gateway.query(POLL, { id });
  const run = response.body.data?.pipelineRun as Polled | null | undefined;
  if (!run) throw new Error(`pipelineRun(${id}) failed: ${JSON.stringify(response.body.errors ?? response.body)}`);
  return run;
}

interface Launch {
  observed: number;
  startedAt: number;
  mutation: number;
  polls: number;
  final: string;
}

async function launchOnce(gateway: TestGateway, pipeline: string, timeoutMs: number): Promise<Launch> {
  const sentAt = Date.now();
  const started = performance.now();
  const response = await gateway.query(RUN, { pipeline });
  const id = response.body.data?.runPipeline?.id as string | undefined;
  if (!id) throw new Error(`runPipeline(${pipeline}) failed: ${JSON.stringify(response.body.errors ?? response.body)}`);
  const mutation = performance.now() - started;
  let run = await poll(gateway, id);
  let polls = 1;
  while (!run.steps.some((step) => STARTED.has(step.state))) {
    if (performance.now() - started > timeoutMs) throw new Error(`run ${id}: no step started within ${timeoutMs} ms (${JSON.stringify(run)})`);
    await sleep(10);
    run = await poll(gateway, id);
    polls += 1;
  }
  const observed = performance.now() - started;
  const first = Math.min(...run.steps.flatMap((s) => (s.startedAt ? [Date.parse(s.startedAt)] : [])));
  while (!FINISHED.has(run.state)) {
    if (performance.now() - started > timeoutMs) throw new Error(`run ${id} did not finish within ${timeoutMs} ms (${JSON.stringify(run)})`);
    await sleep(50);
    run = await poll(gateway, id);
  }
  return { observed, startedAt: first - sentAt, mutation, polls, final: run.state };
}

/** One warm-up launch, then `launches` timed ones. */
export async function measureLaunches(profile: TestProfile, pipeline: string, launches: number): Promise<LaunchResult> {
  const gateway = await startTestGateway({ profile, scale: 1 });
  try {
    const result: LaunchResult = { profile, pipeline, observedMs: [], startedAtMs: [], mutationMs: [], polls: [], finalStates: {} };
    await launchOnce(gateway, pipeline, 120_000);
    for (let k = 0; k < launches; k += 1) {
      const launch = await launchOnce(gateway, pipeline, 120_000);
      result.observedMs.push(launch.observed);
      result.startedAtMs.push(launch.startedAt);
      result.mutationMs.push(launch.mutation);
      result.polls.push(launch.polls);
      result.finalStates[launch.final] = (result.finalStates[launch.final] ?? 0) + 1;
    }
    return result;
  } finally {
    await gateway.close();
  }
}

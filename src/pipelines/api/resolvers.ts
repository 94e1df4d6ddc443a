/**
 * Resolvers of the pipelines API (SDL in sdl.ts). The order of checks is
 * the contract: an unknown pipeline is BAD_USER_INPUT (the catalog of
 * pipelines is public metadata, as `dataProducts` is), then the caller's
 * `execute` (mutations) or `read` (runs) on `<domain>.pipeline.<name>` is
 * checked and recorded on the access record, and only then does the engine
 * see the request. A run of a pipeline the caller may not read reads as
 * absent (null), so run ids are no oracle.
 */
import { badUserInput } from '../../api/index.ts';
import { forbidden, type GovernedContext, governedContext, ruleName, touch } from '../../governed/index.ts';
import type { PipelineEngine, PipelineRun, RetryScope, RunPlan, RunState } from '../engine/index.ts';
import { lineageEdges, lineageOf, type LineageDirection } from './lineage.ts';
import { runView } from './run-view.ts';
import { type PipelineInfo, pipelineSubject } from './types.ts';

type Resolver<A> = (source: unknown, args: A, context: unknown) => unknown;

export interface PipelinesApiOptions {
  engine: PipelineEngine;
  pipelines: readonly PipelineInfo[];
}

export function pipelinesResolvers({ engine, pipelines }: PipelinesApiOptions): {
  Query: Record<string, Resolver<any>>;
  Mutation: Record<string, Resolver<any>>;
} {
  const byId = new Map(pipelines.map((p) => [p.id, p]));
  const edges = lineageEdges(pipelines);
  const known = (id: string, argument = 'pipeline'): PipelineInfo => {
    const found = byId.get(id);
    if (!found) throw badUserInput(`Unknown pipeline "${id}"; pipelines: ${[...byId.keys()].sort().join(', ') || '(none)'}.`, argument);
    return found;
  };
  const authorise = (context: unknown, action: 'read' | 'execute', id: string): GovernedContext => {
    const request = governedContext(context, 'pipeline operations');
    const subject = pipelineSubject(id);
    const decided = request.access.can(action, subject);
    touch(request, 'platform', action, {
      domain: id.split('.')[0] ?? '',
      subject,
      fields: [],
      rows: 0,
      decision: decided.allowed ? 'allow' : 'deny',
      rule: ruleName(decided.rule),
    });
    if (!decided.allowed) throw forbidden(`Forbidden: this needs ${action} on ${subject}.`, { subject, action });
    return request;
  };
  const readableRun = async (context: unknown, id: string): Promise<PipelineRun | null> => {
    const run = await engine.getRun(id);
    if (!run) return null;
    const request = governedContext(context, 'pipeline operations');
    return request.access.can('read', pipelineSubject(run.pipeline)).allowed ? run : null;
  };
  const runOf = async (context: unknown, id: string): Promise<PipelineRun> => {
    const run = await readableRun(context, id);
    if (!run) throw badUserInput(`No pipeline run "${id}".`, 'id');
    return run;
  };
  const sub = (context: unknown) => governedContext(context, 'pipeline operations').actor.sub ?? undefined;
  const asRun = (result: PipelineRun | RunPlan) => runView(result as PipelineRun);
  const asPlan = (result: PipelineRun | RunPlan) => result as RunPlan;

  return absentWhenNull({
    Query: {
      pipelines: (_s, _a, context) => {
        const request = governedContext(context, 'pipeline operations');
        return pipelines.filter((p) => request.access.can('read', pipelineSubject(p.id)).allowed).map(pipelineView);
      },
      pipelineRuns: async (_s, args: { where?: { pipeline?: string; state?: RunState }; first?: number; after?: string }, context) => {
        const request = governedContext(context, 'pipeline operations');
        if (args.where?.pipeline) authorise(context, 'read', known(args.where.pipeline, 'where.pipeline').id);
        const readable = pipelines.filter((p) => request.access.can('read', pipelineSubject(p.id)).allowed).map((p) => p.id);
        const first = args.first ?? 20;
        if (first < 1 || first > 100) throw badUserInput('first must be from 1 to 100.', 'first');
        const page = await engine.listRuns({
          pipeline: args.where?.pipeline,
          pipelines: readable,
          state: args.where?.state,
          first,
          after: args.after,
        });
        return { nodes: page.runs.map(runView), pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } };
      },
      pipelineRun: async (_s, args: { id: string }, context) => {
        const run = await readableRun(context, args.id);
        return run ? runView(run) : null;
      },
      planPipelineRun: async (_s, args: { pipeline: string; partitions?: string[]; steps?: string[] }, context) => {
        authorise(context, 'read', known(args.pipeline).id);
        const trigger = { kind: 'mutation' as const, by: sub(context) };
        return asPlan(await engine.run({ pipeline: args.pipeline, partitions: args.partitions, steps: args.steps, trigger, dryRun: true }));
      },
      planPipelineRetry: async (_s, args: { id: string; steps?: string[]; scope: RetryScope }, context) => {
        const run = await runOf(context, args.id);
        authorise(context, 'read', run.pipeline);
        return asPlan(await engine.retry(run.id, { steps: args.steps, scope: args.scope, dryRun: true, trigger: { kind: 'retry', by: sub(context) } }));
      },
      planPipelineBackfill: async (_s, args: { pipeline: string; from: string; to: string; onlyFailedOrMissing?: boolean }, context) => {
        authorise(context, 'read', known(args.pipeline).id);
        const trigger = { kind: 'backfill' as const, by: sub(context) };
        return asPlan(await engine.backfill({ ...args, dryRun: true, trigger }));
      },
      lineage: (_s, args: { asset: string; direction: LineageDirection }, context) => {
        governedContext(context, 'pipeline operations');
        return lineageOf(args.asset, args.direction, edges);
      },
    },
    Mutation: {
      runPipeline: async (_s, args: { pipeline: string; partitions?: string[]; params?: unknown; steps?: string[] }, context) => {
        authorise(context, 'execute', known(args.pipeline).id);
        return asRun(await engine.run({ ...args, trigger: { kind: 'mutation', by: sub(context) } }));
      },
      retryPipelineRun: async (_s, args: { id: string; steps?: string[]; scope: RetryScope }, context) => {
        const run = await runOf(context, args.id);
        authorise(context, 'execute', run.pipeline);
        return asRun(await engine.retry(run.id, { steps: args.steps, scope: args.scope, trigger: { kind: 'retry', by: sub(context) } }));
      },
      cancelPipelineRun: async (_s, args: { id: string }, context) => {
        const run = await runOf(context, args.id);
        authorise(context, 'execute', run.pipeline);
        return runView(await engine.cancel(run.id, sub(context)));
      },
      backfillPipeline: async (_s, args: { pipeline: string; from: string; to: string; onlyFailedOrMissing?: boolean; concurrency?: number }, context) => {
        authorise(context, 'execute', known(args.pipeline).id);
        return asRun(await engine.backfill({ ...args, trigger: { kind: 'backfill', by: sub(context) } }));
      },
    },
  });
}

/**
 * GraphQL lets a client send `null` for an optional argument (`after: null`,
 * `where: { state: null }`): it means "not given", as the engine takes it.
 * `params` is the run's JSON and stays as sent.
 */
function absentWhenNull<R extends Record<string, Record<string, Resolver<any>>>>(roots: R): R {
  const strip = (args: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(args)
        .filter(([, value]) => value !== null)
        .map(([key, value]) => [key, key === 'where' && typeof value === 'object' ? strip(value as Record<string, unknown>) : value]),
    );
  return Object.fromEntries(
    Object.entries(roots).map(([root, fields]) => [
      root,
      Object.fromEntries(
        Object.entries(fields).map(([name, resolve]) => [
          name,
          (source: unknown, args: Record<string, unknown>, context: unknown) => resolve(source, strip(args), context),
        ]),
      ),
    ]),
  ) as R;
}

function pipelineView(p: PipelineInfo) {
  return {
    ...p,
    description: p.description ?? null,
    schedule: p.schedule ?? null,
    steps: p.steps.map((s) => ({ ...s, description: s.description ?? null })),
  };
}

/**
 * `subscription { pipelineRun(id) { … } }` on the live endpoint (graphql-ws):
 * the run as it is now, then again on every change any process announces
 * (progress, a unit's state), until it finishes. Reading it needs `read` on
 * its pipeline; a run the caller may not read is refused like an unknown one.
 */
import { badUserInput } from '../../api/index.ts';
import { governedContext, ruleName, touch } from '../../governed/index.ts';
import type { LiveExtension } from '../../lake/index.ts';
import type { PipelineEngine, PipelineRun } from '../engine/index.ts';
import { runView } from './run-view.ts';
import { PIPELINE_RUN_TYPES } from './sdl.ts';
import { pipelineSubject } from './types.ts';

const FINISHED: ReadonlySet<string> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

export function pipelineRunSubscription(engine: PipelineEngine): LiveExtension {
  return {
    typeDefs: PIPELINE_RUN_TYPES,
    subscriptionFields:
      '  "A pipeline run now and after every change (progress, a step\'s state) until it finishes. Needs read on its pipeline."\n' +
      '  pipelineRun(id: ID!): PipelineRun!',
    resolvers: {
      Subscription: {
        pipelineRun: {
          subscribe: (_root: unknown, args: { id: string }, context: unknown) => runUpdates(engine, args.id, context),
          resolve: (run: PipelineRun) => runView(run),
        },
      },
    },
  };
}

async function* runUpdates(engine: PipelineEngine, id: string, context: unknown): AsyncGenerator<PipelineRun> {
  const request = governedContext(context, 'pipeline runs');
  const first = await engine.getRun(id);
  const subject = first ? pipelineSubject(first.pipeline) : undefined;
  const decided = subject ? request.access.can('read', subject) : undefined;
  if (!first || !subject || !decided?.allowed) throw badUserInput(`No pipeline run "${id}".`, 'id');
  touch(request, 'platform', 'read', {
    domain: first.pipeline.split('.')[0] ?? '',
    subject,
    fields: [],
    rows: 1,
    decision: 'allow',
    rule: ruleName(decided.rule),
  });
  let wake: (() => void) | undefined;
  let changed = false;
  const unlisten = await engine.onRunUpdate((update) => {
    if (update.id !== id) return;
    changed = true;
    wake?.();
  });
  try {
    let run: PipelineRun | null = first;
    yield run;
    while (run && !FINISHED.has(run.state)) {
      if (!changed) await new Promise<void>((resolve) => (wake = resolve));
      changed = false;
      run = await engine.getRun(id);
      if (run) yield run;
    }
  } finally {
    await unlisten();
  }
}

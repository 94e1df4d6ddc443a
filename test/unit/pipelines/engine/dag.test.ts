import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildGraph, closure, stepsInScope, unitsOf } from '../../../../src/pipelines/engine/dag.ts';
import { planRetry, planRun } from '../../../../src/pipelines/engine/planning.ts';
import type { EnginePipeline, PipelineRun } from '../../../../src/pipelines/engine/index.ts';

const step = (name: string, dependsOn: string[] = []) => ({ name, dependsOn, readsDatasets: [] });
// Declared out of order on purpose: the graph orders them.
const diamond: EnginePipeline = {
  id: 'd.diamond',
  partitioning: 'day',
  maxAttempts: 2,
  backoffSeconds: 1,
  steps: [step('d', ['b', 'c']), step('b', ['a']), step('c', ['a']), step('a'), step('e', ['d'])],
};

describe('pipeline DAG', () => {
  const graph = buildGraph(diamond);

  it('orders steps after their upstream', () => {
    const at = (name: string) => graph.order.indexOf(name);
    assert.equal(graph.order.length, 5);
    assert.ok(at('a') < at('b') && at('a') < at('c') && at('b') < at('d') && at('c') < at('d') && at('d') < at('e'));
  });

  it('refuses cycles, unknown dependencies, duplicates, bad attempts and non-5-field crons', () => {
    const with_ = (patch: Partial<EnginePipeline>) => () => buildGraph({ ...diamond, ...patch });
    assert.throws(with_({ steps: [step('a', ['b']), step('b', ['a'])] }), /cycle \(a -> b -> a\)/);
    assert.throws(with_({ steps: [step('a', ['zz'])] }), /unknown step zz/);
    assert.throws(with_({ steps: [step('a'), step('a')] }), /defined twice/);
    assert.throws(with_({ maxAttempts: 0 }), /maxAttempts/);
    assert.throws(with_({ schedule: '*/5 * * * * *' }), /5-field/);
    assert.doesNotThrow(with_({ schedule: '0 2 * * *' }));
  });

  it('closes over downstream and upstream, per retry scope', () => {
    assert.deepEqual([...closure(graph.downstream, ['b'])].sort(), ['b', 'd', 'e']);
    assert.deepEqual([...closure(graph.upstream, ['d'])].sort(), ['a', 'b', 'c', 'd']);
    assert.deepEqual([...stepsInScope(graph, 'ONLY', ['b'])], ['b']);
    assert.deepEqual([...stepsInScope(graph, 'UPSTREAM', ['b'])].sort(), ['a', 'b']);
    assert.deepEqual([...stepsInScope(graph, 'BOTH', ['b'])].sort(), ['a', 'b', 'd', 'e']);
    assert.deepEqual(unitsOf(graph, new Set(['b', 'a']), ['2026-01-01', '2026-01-02']), [
      { step: 'a', partition: '2026-01-01' },
      { step: 'b', partition: '2026-01-01' },
      { step: 'a', partition: '2026-01-02' },
      { step: 'b', partition: '2026-01-02' },
    ]);
  });

  it('plans a run: the closed partition by default, chosen steps only', () => {
    const graphs = new Map([[diamond.id, graph]]);
    const plan = planRun(graphs, { pipeline: diamond.id, steps: ['c'], trigger: { kind: 'cli' } }, new Date('2026-05-10T08:00:00Z'));
    assert.deepEqual(plan.units, [{ step: 'c', partition: '2026-05-09' }]);
    assert.throws(() => planRun(graphs, { pipeline: 'x.y', trigger: { kind: 'cli' } }, new Date()), {
      message: /Unknown pipeline "x.y"; the pipelines: d.diamond/,
    });
  });

  it('plans a FAILED retry from the failed, skipped and cancelled units of the parent run', () => {
    const unit = (s: string, partition: string, state: string) => ({ step: s, partition, state }) as PipelineRun['steps'][number];
    const parent = {
      id: 'r1',
      partitions: ['2026-01-01', '2026-01-02'],
      params: { x: 1 },
      concurrency: null,
      steps: [
        unit('a', '2026-01-01', 'SUCCEEDED'),
        unit('b', '2026-01-02', 'FAILED'),
        unit('d', '2026-01-02', 'SKIPPED'),
        unit('c', '2026-01-02', 'SUCCEEDED'),
      ],
    } as unknown as PipelineRun;
    const plan = planRetry(graph, parent, { scope: 'FAILED', trigger: { kind: 'retry' } });
    assert.deepEqual(plan.units, [
      { step: 'b', partition: '2026-01-02' },
      { step: 'd', partition: '2026-01-02' },
    ]);
    assert.equal(plan.parentRunId, 'r1');
    assert.deepEqual(plan.params, { x: 1 });
    assert.throws(() => planRetry(graph, parent, { scope: 'DOWNSTREAM', trigger: { kind: 'retry' } }), { code: 'BAD_USER_INPUT', message: /name them/ });
    assert.throws(() => planRetry(graph, parent, { scope: 'ONLY', steps: ['a'], partitions: ['2026-03-01'], trigger: { kind: 'retry' } }), {
      message: /not one of the run's/,
    });
  });
});

/** Pipelines validated at load: each error names the domain, the descriptor path and what is expected. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { count, defineDataProduct, DescriptorError, type DataProductDescriptor, type PipelineDescriptor, sum, validateMesh } from '../../../src/sdk/index.ts';
import { compiledPipelines } from '../../../src/pipelines/index.ts';
import { principal, shop, statsStep } from './fixtures.ts';

function issues(descriptor: DataProductDescriptor): Array<{ path: string; message: string }> {
  try {
    defineDataProduct(descriptor);
  } catch (error) {
    assert.ok(error instanceof DescriptorError, String(error));
    for (const issue of error.issues) assert.equal(issue.domain, descriptor.name);
    return error.issues.map(({ path, message }) => ({ path, message }));
  }
  return [];
}

const withPipeline = (pipeline: Partial<PipelineDescriptor>, dailyViews?: Record<string, unknown>) =>
  shop({ pipelines: { stats: { principal, partitioning: 'day', steps: { daily: statsStep }, ...pipeline } }, ...(dailyViews ? { dailyViews } : {}) });

test('a valid pipeline loads and compiles to a plan the engine can run', () => {
  const product = defineDataProduct(shop());
  const [pipeline] = compiledPipelines([product]);
  assert.equal(pipeline?.id, 'shop.stats');
  assert.deepEqual(pipeline?.order, ['daily']);
  const step = pipeline!.steps.daily!;
  assert.equal(step.id, 'shop.stats.daily');
  assert.equal(step.addEventId, true);
  assert.deepEqual(Object.keys(step.plan.schema), ['itemId', 'day', 'views']);
  assert.equal(step.inputs.views?.kind, 'dataset');
});

test('a cycle in the step graph is named', () => {
  const a = { ...statsStep, inputs: { prior: { step: 'b' } }, output: { dataset: 'dailyViews' } };
  const b = { ...statsStep, inputs: { prior: { step: 'a' } } };
  const found = issues(withPipeline({ steps: { a, b } }));
  const cycle = found.find((i) => i.path === 'pipelines.stats.steps');
  assert.match(cycle?.message ?? '', /cycle: a → b → a/);
  const self = issues(withPipeline({ steps: { daily: { ...statsStep, dependsOn: ['daily'] } } }));
  assert.ok(self.some((i) => /cycle: daily → daily/.test(i.message)));
});

test('unknown inputs are named with what exists', () => {
  const step = { ...statsStep, inputs: { views: { dataset: 'clicked' }, who: { entity: 'Shopper' }, prior: { step: 'nothing' } } };
  const found = issues(withPipeline({ steps: { daily: step } }));
  assert.deepEqual(
    found.map((i) => i.path),
    ['pipelines.stats.steps.daily.inputs.views', 'pipelines.stats.steps.daily.inputs.who', 'pipelines.stats.steps.daily.inputs.prior'],
  );
  assert.match(found[0]!.message, /unknown dataset clicked of shop; its datasets are: viewed, dailyViews/);
  assert.match(found[1]!.message, /unknown entity Shopper of shop; its entities are: Customer/);
  assert.match(found[2]!.message, /unknown step nothing of pipeline stats/);
});

test('missing, extra and mistyped output fields are reported at pipelines.x.steps.y.output', () => {
  const missing = issues(
    withPipeline(
      {},
      {
        fields: {
          itemId: { type: 'ID', nullable: false },
          day: { type: 'DateTime', nullable: false },
          views: { type: 'Int', nullable: false },
          clicks: { type: 'Int' },
        },
      },
    ),
  );
  assert.deepEqual(missing, [
    {
      path: 'pipelines.stats.steps.daily.output',
      message: 'field clicks (Int) is declared but the transform does not produce it; it produces: itemId, day, views',
    },
  ]);
  const extra = issues(withPipeline({}, { fields: { itemId: { type: 'ID', nullable: false }, day: { type: 'DateTime', nullable: false } } }));
  assert.deepEqual(extra, [
    { path: 'pipelines.stats.steps.daily.output', message: 'the transform produces field views, which the output does not declare; declared: itemId, day' },
  ]);
  const mistyped = issues(
    withPipeline(
      {},
      { fields: { itemId: { type: 'ID', nullable: false }, day: { type: 'DateTime', nullable: false }, views: { type: 'Float', nullable: false } } },
    ),
  );
  assert.deepEqual(mistyped, [{ path: 'pipelines.stats.steps.daily.output', message: 'field views is Int but is declared Float' }]);
});

test('a transform that fails to build names the field at pipelines.x.steps.y.transform', () => {
  const step = {
    ...statsStep,
    transform: ({ views }: Record<string, import('../../../src/sdk/index.ts').Relation>) => views!.groupBy('itemId').aggregate({ views: sum('customerId') }),
  };
  const found = issues(withPipeline({ steps: { daily: step } }));
  assert.equal(found[0]?.path, 'pipelines.stats.steps.daily.transform');
  assert.match(found[0]!.message, /sum needs Int, Float; customerId is ID/);
});

test('a bad cron is refused with what a schedule looks like', () => {
  const six = issues(withPipeline({ schedule: '0 0 3 * * *' }));
  assert.deepEqual(
    six.map((i) => i.path),
    ['pipelines.stats.schedule'],
  );
  assert.match(six[0]!.message, /has 6 fields; a schedule has 5/);
  assert.match(issues(withPipeline({ schedule: '61 * * * *' }))[0]!.message, /minute field "61": values must be 0-59/);
  assert.match(issues(withPipeline({ schedule: '0 3 * * funday' }))[0]!.message, /day of week/);
  assert.deepEqual(issues(withPipeline({ schedule: '*/15 0-6,22 1 jan-mar mon-fri' })), []);
});

test('partitioning must agree between a step and the dataset it writes', () => {
  const hourly = issues(withPipeline({ partitioning: 'hour' }));
  assert.equal(hourly[0]?.path, 'pipelines.stats.steps.daily.output');
  assert.match(hourly[0]!.message, /a hour-partitioned step cannot write dataset dailyViews, which is day-partitioned/);
  const window = issues(
    withPipeline({ partitioning: 'none', steps: { daily: { ...statsStep, inputs: { views: { dataset: 'viewed', window: { partitions: 7 } } } } } }),
  );
  assert.ok(window.some((i) => i.path === 'pipelines.stats.steps.daily.inputs.views.window'));
});

test('a written dataset must name its producer, and producedBy must name a step writing it', () => {
  const unmarked = issues(withPipeline({}, { producedBy: undefined }));
  assert.match(unmarked[0]!.message, /must declare producedBy: 'stats.daily'/);
  const wrong = issues(withPipeline({}, { producedBy: 'stats.other' }));
  assert.ok(wrong.some((i) => i.path === 'lake.datasets.dailyViews.producedBy' && /unknown step stats.other/.test(i.message)));
});

test('a pii source field written without its classification is refused', () => {
  const step = {
    inputs: { customers: { entity: 'Customer' } },
    output: { dataset: 'dailyViews' },
    transform: ({ customers }: Record<string, import('../../../src/sdk/index.ts').Relation>) =>
      customers!.groupBy('email').aggregate({ views: count() }).derive({}).select('views', 'email'),
  };
  const found = issues(
    withPipeline(
      { steps: { daily: step } },
      { fields: { views: { type: 'Int', nullable: false }, email: { type: 'String' }, day: { type: 'DateTime', nullable: false } }, eventTime: 'day' },
    ),
  );
  assert.ok(
    found.some((i) => /field email carries classification pii/.test(i.message)),
    JSON.stringify(found),
  );
});

test('cross-domain inputs are checked when the mesh is validated', () => {
  const reader: DataProductDescriptor = {
    name: 'reports',
    version: '1.0.0',
    description: 'Reads the shop.',
    owner: { team: 't', contact: 't@example.org' },
    lake: {
      datasets: {
        totals: {
          fields: { day: { type: 'DateTime', nullable: false }, views: { type: 'Int' } },
          eventTime: 'day',
          partitioning: 'day',
          producedBy: 'roll.up',
        },
      },
    },
    pipelines: {
      roll: {
        principal,
        partitioning: 'day',
        steps: {
          up: {
            inputs: { daily: { step: 'shop.stats.daily' } },
            output: { dataset: 'totals' },
            transform: ({ daily }) => daily!.groupBy('day').aggregate({ views: sum('views') }),
          },
        },
      },
    },
  };
  const products = [defineDataProduct(shop()), defineDataProduct(reader)];
  validateMesh(products);
  assert.deepEqual(compiledPipelines(products)[1]?.steps.up?.upstream, ['shop.stats.daily']);
  const broken = {
    ...reader,
    pipelines: {
      roll: { ...reader.pipelines!.roll!, steps: { up: { ...reader.pipelines!.roll!.steps.up!, inputs: { daily: { step: 'shop.stats.weekly' } } } } },
    },
  };
  assert.throws(
    () => validateMesh([defineDataProduct(shop()), defineDataProduct(broken)]),
    (error: unknown) =>
      error instanceof DescriptorError &&
      error.issues.some(
        (i) => i.domain === 'reports' && i.path === 'pipelines.roll.steps.up.inputs.daily' && /unknown step weekly of pipeline stats/.test(i.message),
      ),
  );
});

test('checks name fields of the output', () => {
  const found = issues(
    withPipeline({
      steps: {
        daily: {
          ...statsStep,
          checks: [
            { kind: 'notNull', fields: ['itemId', 'clicks'] },
            { kind: 'freshness', field: 'views', maxAgeHours: 2 },
          ],
        },
      },
    }),
  );
  assert.deepEqual(
    found.map((i) => i.path),
    ['pipelines.stats.steps.daily.checks.0', 'pipelines.stats.steps.daily.checks.1.field'],
  );
  assert.match(found[0]!.message, /unknown field clicks of the output; fields are: eventId, itemId, day, views/);
});

test('a cycle across domains is named when the mesh is validated', () => {
  const product = (name: string, other: string): DataProductDescriptor => ({
    name,
    version: '1.0.0',
    description: `Domain ${name}.`,
    owner: { team: 't', contact: 't@example.org' },
    lake: { datasets: { out: { fields: { day: { type: 'DateTime', nullable: false } }, eventTime: 'day', partitioning: 'day', producedBy: 'p.s' } } },
    pipelines: {
      p: {
        principal,
        partitioning: 'day',
        steps: { s: { inputs: { other: { step: `${other}.p.s` } }, output: { dataset: 'out' }, transform: ({ other }) => other!.select('day') } },
      },
    },
  });
  assert.throws(
    () => validateMesh([defineDataProduct(product('east', 'west')), defineDataProduct(product('west', 'east'))]),
    (error: unknown) =>
      error instanceof DescriptorError &&
      error.issues.some((i) => i.path === 'pipelines.p.steps' && /cycle across pipelines: east\.p\.s → west\.p\.s → east\.p\.s/.test(i.message)),
  );
});

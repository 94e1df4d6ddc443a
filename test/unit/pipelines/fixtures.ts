/** A small data product with a pipeline, to vary in validation and testStep tests. */
import { count, dateTrunc, type DataProductDescriptor, type PipelineDescriptor, type StepDescriptor } from '../../../src/sdk/index.ts';

export const principal = { sub: 'pipeline:shop', roles: ['admin'] };

export const statsStep: StepDescriptor = {
  inputs: { views: { dataset: 'viewed' } },
  output: { dataset: 'dailyViews' },
  transform: ({ views }) =>
    views!
      .derive({ day: dateTrunc('day', 'at') })
      .groupBy('itemId', 'day')
      .aggregate({ views: count() }),
  checks: [{ kind: 'unique', fields: ['itemId', 'day'] }],
};

export function shop(overrides: { pipelines?: Record<string, PipelineDescriptor>; dailyViews?: Record<string, unknown> } = {}): DataProductDescriptor {
  return {
    name: 'shop',
    version: '1.0.0',
    description: 'A shop for tests.',
    owner: { team: 't', contact: 't@example.org' },
    operational: {
      entities: {
        Customer: {
          source: { kind: 'postgres', table: 'customers' },
          key: 'id',
          fields: { id: { type: 'ID', nullable: false }, country: { type: 'String' }, email: { type: 'String', classification: ['pii'] } },
        },
      },
    },
    lake: {
      datasets: {
        viewed: {
          fields: { itemId: { type: 'ID', nullable: false }, customerId: { type: 'ID' }, at: { type: 'DateTime', nullable: false } },
          eventTime: 'at',
          partitioning: 'day',
        },
        dailyViews: {
          fields: { itemId: { type: 'ID', nullable: false }, day: { type: 'DateTime', nullable: false }, views: { type: 'Int', nullable: false } },
          eventTime: 'day',
          partitioning: 'day',
          producedBy: 'stats.daily',
          ...overrides.dailyViews,
        },
      },
    },
    pipelines: overrides.pipelines ?? { stats: { principal, partitioning: 'day', schedule: '15 2 * * *', steps: { daily: statsStep } } },
  } as DataProductDescriptor;
}

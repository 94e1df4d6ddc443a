import { coalesce, countDistinct, dateTrunc, lit, type DatasetDescriptor, type PipelineDescriptor, type Relation, sum } from '../../src/sdk/index.ts';

/** Per item and day: how often it was viewed, listened to, read and bought, by how many users, for how much. */
export const itemDailyStats: DatasetDescriptor = {
  description: 'Engagement per catalog item per day (UTC): views, listens, reads, purchases, distinct users and revenue.',
  eventTime: 'day',
  partitioning: 'day',
  retentionDays: 730,
  producedBy: 'itemStats.daily',
  fields: {
    itemId: { type: 'ID', nullable: false, description: 'The catalog Item id.' },
    day: { type: 'DateTime', nullable: false, description: 'The day (midnight UTC); the event time.' },
    views: { type: 'Int', nullable: false, description: 'Views of the item that day.' },
    listens: { type: 'Int', nullable: false, description: 'Listens that day.' },
    reads: { type: 'Int', nullable: false, description: 'Reads that day.' },
    purchases: { type: 'Int', nullable: false, description: 'Purchases that day.' },
    users: { type: 'Int', nullable: false, description: 'Distinct users who engaged with the item that day.' },
    revenue: { type: 'Float', nullable: false, description: 'Sum of the prices paid that day, in EUR.' },
  },
};

/** One row per event with a 1 in its kind's counter, so four datasets aggregate in one pass. */
function counted(events: Relation, kind: 'views' | 'listens' | 'reads' | 'purchases', revenue = lit(0.0, 'Float')): Relation {
  const flag = (name: string) => lit(name === kind ? 1 : 0);
  return events
    .derive({ views: flag('views'), listens: flag('listens'), reads: flag('reads'), purchases: flag('purchases'), revenue })
    .select('itemId', 'userId', 'occurredAt', 'views', 'listens', 'reads', 'purchases', 'revenue');
}

export const itemStats: PipelineDescriptor = {
  description: 'Daily engagement statistics per catalog item, from the engagement events.',
  principal: { sub: 'pipeline:engagement.itemStats', roles: ['analyst'] },
  partitioning: 'day',
  schedule: '30 0 * * *',
  retries: { maxAttempts: 3, backoffSeconds: 120 },
  steps: {
    daily: {
      description: 'Counts each kind of event per item for the day.',
      inputs: { viewed: { dataset: 'viewed' }, listened: { dataset: 'listened' }, read: { dataset: 'read' }, purchased: { dataset: 'purchased' } },
      output: { dataset: 'itemDailyStats' },
      transform: ({ viewed, listened, read, purchased }) =>
        counted(viewed!, 'views')
          .union(counted(listened!, 'listens'), counted(read!, 'reads'), counted(purchased!, 'purchases', coalesce('price', lit(0.0, 'Float'))))
          .derive({ day: dateTrunc('day', 'occurredAt') })
          .groupBy('itemId', 'day')
          .aggregate({
            views: sum('views'),
            listens: sum('listens'),
            reads: sum('reads'),
            purchases: sum('purchases'),
            users: countDistinct('userId'),
            revenue: sum('revenue'),
          })
          .derive({
            views: coalesce('views', lit(0)),
            listens: coalesce('listens', lit(0)),
            reads: coalesce('reads', lit(0)),
            purchases: coalesce('purchases', lit(0)),
            revenue: coalesce('revenue', lit(0.0, 'Float')),
          }),
      checks: [
        { kind: 'unique', fields: ['itemId', 'day'] },
        { kind: 'notNull', fields: ['itemId'] },
        { kind: 'freshness', field: 'day', maxAgeHours: 24 },
      ],
    },
  },
};

import {
  coalesce,
  col,
  type DatasetDescriptor,
  type FieldDescriptor,
  lit,
  type PipelineDescriptor,
  type Relation,
  runningCount,
  runningSum,
} from '../../src/sdk/index.ts';

/**
 * Per-user features for training, point-in-time correct: the row of user u
 * for day d sees only what happened before d began (orders in the 30 days,
 * views in the 7 days before it), never the day itself or later, so a model
 * trained on it never learns from the future. (The inputs' windows hold the
 * day too, 31 and 8 partitions, which the as-of joins then exclude.) The users come from identity's
 * daily snapshot (another domain's pipeline output), orders from commerce.
 */
const userDay: Record<string, FieldDescriptor> = {
  userId: { type: 'ID', nullable: false, description: 'The identity User id.' },
  day: { type: 'DateTime', nullable: false, description: 'The day the features are as of (its midnight UTC); the event time.' },
};

function featureDataset(description: string, producedBy: string, fields: Record<string, FieldDescriptor>): DatasetDescriptor {
  return { description, eventTime: 'day', partitioning: 'day', retentionDays: 400, producedBy, fields: { ...userDay, ...fields } };
}

const orderFields: Record<string, FieldDescriptor> = {
  orders30d: { type: 'Int', nullable: false, description: 'Orders placed in the 30 days before the day.' },
  spend30d: { type: 'Float', nullable: false, classification: ['internal'], description: 'Their total, in the order currency.' },
  lastOrderAt: { type: 'DateTime', description: 'The latest order before the day; null when none in 30 days.' },
};
const viewFields: Record<string, FieldDescriptor> = {
  views7d: { type: 'Int', nullable: false, description: 'Items viewed in the 7 days before the day.' },
};

export const userOrderFeatures = featureDataset('Order features per user and day, as of the start of the day.', 'userFeatures.orderFeatures', orderFields);
export const userViewFeatures = featureDataset('View features per user and day, as of the start of the day.', 'userFeatures.viewFeatures', viewFields);
export const userFeatureRows = featureDataset('Training rows: one per user and day, every feature as of the start of the day.', 'userFeatures.training', {
  country: { type: 'String', nullable: false, description: 'Country of residence on that day.' },
  tier: { type: 'String', nullable: false, description: 'Subscription tier on that day.' },
  signupDay: { type: 'DateTime', nullable: false, description: 'The day the account was created.' },
  ...orderFields,
  ...viewFields,
});

/** The users of the day's snapshot, one row each, keyed by (userId, day). */
const spine = (users: Relation) => users.derive({ day: col('snapshotDay') }).select('userId', 'day');

const snapshot = { step: 'identity.usersSnapshot.snapshot' };

export const userFeatures: PipelineDescriptor = {
  description: 'Point-in-time correct per-user features for training, one row per user and day.',
  principal: { sub: 'pipeline:engagement.userFeatures', roles: ['analyst'] },
  partitioning: 'day',
  schedule: '0 2 * * *',
  retries: { maxAttempts: 3, backoffSeconds: 300 },
  steps: {
    orderFeatures: {
      description: 'Orders in the 30 days before the day: each user gets the running totals of their latest earlier order.',
      inputs: { users: snapshot, orders: { dataset: 'commerce.orderPlaced', window: { partitions: 31 } } },
      output: { dataset: 'userOrderFeatures' },
      transform: ({ users, orders }) => {
        const history = orders!
          .window({ partitionBy: ['userId'], orderBy: ['placedAt', 'orderId'], columns: { orders30d: runningCount(), spend30d: runningSum('total') } })
          .derive({ lastOrderAt: col('placedAt') })
          .select('userId', 'placedAt', 'orders30d', 'spend30d', 'lastOrderAt');
        return spine(users!)
          .asOfJoin(history, { on: { userId: 'userId' }, time: { left: 'day', right: 'placedAt' } })
          .derive({ orders30d: coalesce('orders30d', lit(0)), spend30d: coalesce('spend30d', lit(0, 'Float')) });
      },
      checks: [{ kind: 'unique', fields: ['userId', 'day'] }],
    },
    viewFeatures: {
      description: 'Views in the 7 days before the day, as of its start.',
      inputs: { users: snapshot, views: { dataset: 'viewed', window: { partitions: 8 } } },
      output: { dataset: 'userViewFeatures' },
      transform: ({ users, views }) => {
        const history = views!
          .window({ partitionBy: ['userId'], orderBy: ['occurredAt', 'eventId'], columns: { views7d: runningCount() } })
          .select('userId', 'occurredAt', 'views7d');
        return spine(users!)
          .asOfJoin(history, { on: { userId: 'userId' }, time: { left: 'day', right: 'occurredAt' } })
          .derive({ views7d: coalesce('views7d', lit(0)) });
      },
      checks: [{ kind: 'unique', fields: ['userId', 'day'] }],
    },
    training: {
      description: 'The snapshot attributes joined with both feature sets: the training rows.',
      inputs: { users: snapshot, orders: { step: 'orderFeatures' }, views: { step: 'viewFeatures' } },
      output: { dataset: 'userFeatureRows' },
      transform: ({ users, orders, views }) =>
        users!
          .derive({ day: col('snapshotDay') })
          .select('userId', 'day', 'country', 'tier', 'signupDay')
          .join(orders!.select('userId', 'day', 'orders30d', 'spend30d', 'lastOrderAt'), { on: { userId: 'userId', day: 'day' } })
          .join(views!.select('userId', 'day', 'views7d'), { on: { userId: 'userId', day: 'day' } }),
      checks: [
        { kind: 'unique', fields: ['userId', 'day'] },
        { kind: 'rowCount', min: 1, blocking: false },
      ],
    },
  },
};

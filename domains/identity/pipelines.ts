import { col, dateTrunc, lt, partitionEnd, partitionStart, type DatasetDescriptor, type PipelineDescriptor } from '../../src/sdk/index.ts';

/**
 * The users dimension in the lake: once a day, a snapshot of every account
 * that existed by the end of the day, without personal data (no name,
 * e-mail, phone), so lake cubes and training pipelines can group events by
 * country and tier.
 */
export const userSnapshots: DatasetDescriptor = {
  description: 'Daily snapshot of the accounts (no personal data): one row per user that existed by the end of the day.',
  eventTime: 'snapshotDay',
  partitioning: 'day',
  retentionDays: 400,
  producedBy: 'usersSnapshot.snapshot',
  fields: {
    userId: { type: 'ID', nullable: false, description: 'The identity User id.' },
    country: { type: 'String', nullable: false, description: 'Country of residence (ISO 3166-1 alpha-2) on that day.' },
    tier: { type: 'String', nullable: false, description: 'Subscription tier on that day: `free`, `plus` or `pro`.' },
    signupDay: { type: 'DateTime', nullable: false, description: 'The day the account was created (midnight UTC).' },
    snapshotDay: { type: 'DateTime', nullable: false, description: 'The day of the snapshot (midnight UTC); the event time.' },
  },
};

export const usersSnapshot: PipelineDescriptor = {
  description: 'Snapshots the users dimension into the lake every day.',
  // Analysts read every domain's data but never pii: all this step needs.
  principal: { sub: 'pipeline:identity.usersSnapshot', roles: ['analyst'] },
  partitioning: 'day',
  schedule: '10 0 * * *',
  retries: { maxAttempts: 3, backoffSeconds: 60 },
  steps: {
    snapshot: {
      description: 'Accounts created before the end of the day, with country, tier and signup day.',
      inputs: { users: { entity: 'User' } },
      output: { dataset: 'userSnapshots' },
      transform: ({ users }) =>
        users!
          .derive({ existed: lt('createdAt', partitionEnd()) })
          .filter({ existed: { eq: true } })
          .derive({ userId: col('id'), signupDay: dateTrunc('day', 'createdAt'), snapshotDay: partitionStart() })
          .select('userId', 'country', 'tier', 'signupDay', 'snapshotDay'),
      checks: [
        { kind: 'unique', fields: ['userId'] },
        { kind: 'notNull', fields: ['country', 'tier'] },
        { kind: 'acceptedValues', field: 'tier', values: ['free', 'plus', 'pro'] },
        { kind: 'rowCount', min: 1, blocking: false },
      ],
    },
  },
};

import { defineDataProduct } from '../../src/sdk/index.ts';
import { identitySeed } from './seed.ts';
import { userSnapshots, usersSnapshot } from './pipelines.ts';

/** Identity: who the platform's customers are. Other domains reference `identity.User` by id. */
export default defineDataProduct({
  name: 'identity',
  version: '1.0.0',
  description:
    'Customer accounts: who a user is, where they live and which subscription tier they are on. ' +
    'The system of record for users; orders and events reference users by id.',
  owner: { team: 'identity-team', contact: 'identity@example.com' },
  tags: ['customers', 'accounts', 'pii'],
  operational: {
    entities: {
      User: {
        description: 'A customer account. Created once at sign-up; contact details may change.',
        source: { kind: 'postgres', schema: 'identity', table: 'users' },
        key: 'id',
        fields: {
          id: { type: 'ID', nullable: false, description: 'Stable account id, e.g. `u000042`. Never reused.' },
          name: {
            type: 'String',
            nullable: false,
            classification: ['pii'],
            description: 'Full name as the customer entered it (given name first).',
          },
          email: {
            type: 'String',
            nullable: false,
            classification: ['pii'],
            description: 'Login and contact e-mail address; unique across accounts.',
          },
          phone: {
            type: 'String',
            classification: ['pii'],
            description: 'Contact phone number in international format (`+49 30 1234567`); null when the customer gave none.',
          },
          country: {
            type: 'String',
            nullable: false,
            description: 'Country of residence as an ISO 3166-1 alpha-2 code, e.g. `DE`.',
          },
          city: {
            type: 'String',
            nullable: false,
            classification: ['internal'],
            description: 'City of residence (English name).',
          },
          tier: {
            type: 'String',
            nullable: false,
            description: 'Subscription tier: `free`, `plus` or `pro`.',
          },
          createdAt: { type: 'DateTime', nullable: false, description: 'When the account was created (UTC).' },
        },
      },
    },
  },
  lake: { datasets: { userSnapshots } },
  pipelines: { usersSnapshot },
  seed: identitySeed,
});

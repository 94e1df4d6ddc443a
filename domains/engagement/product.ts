import { defineDataProduct, type DatasetDescriptor, type FieldDescriptor } from '../../src/sdk/index.ts';
import { itemDailyStats, itemStats } from './item-stats.ts';
import { engagementSeed } from './seed.ts';
import { userFeatureRows, userFeatures, userOrderFeatures, userViewFeatures } from './user-features.ts';

/**
 * Engagement: what users do with catalog items in the apps — views, listens,
 * reads and purchases — sent as events (`POST /v1/events`, Segment `track`,
 * or the `ingestEvents` mutation) and landed in the lake. Every event names
 * an identity User (`userId`) and a catalog Item (`itemId`); events of one
 * user stay in order (keyed by `userId`).
 */
const commonFields: Record<string, FieldDescriptor> = {
  userId: { type: 'ID', nullable: false, description: 'The user who acted (an identity User id).' },
  itemId: { type: 'ID', nullable: false, description: 'The catalog item acted on (a catalog Item id).' },
  occurredAt: { type: 'DateTime', nullable: false, description: 'When it happened on the device (UTC); the event time.' },
  sessionId: { type: 'String', nullable: false, description: 'The app session the event belongs to.' },
  device: { type: 'String', nullable: false, description: 'Device class: `web`, `ios`, `android` or `tv`.' },
  country: { type: 'String', nullable: false, description: 'ISO 3166-1 alpha-2 country the event came from.' },
  durationMs: { type: 'Int', description: 'How long the interaction lasted in milliseconds; null when not measured.' },
  ip: { type: 'String', classification: ['pii'], description: 'Client IP address; personal data.' },
};

function engagementDataset(description: string, extra: Record<string, FieldDescriptor> = {}): DatasetDescriptor {
  return {
    description,
    fields: { ...commonFields, ...extra },
    eventTime: 'occurredAt',
    partitioning: 'day',
    retentionDays: 365,
    keyField: 'userId',
  };
}

export default defineDataProduct({
  name: 'engagement',
  version: '1.0.0',
  description:
    'Interaction events from the apps: which user viewed, listened to, read or bought which catalog item, when, ' +
    'on which device and from where. Users come from the identity domain and items from the catalog domain.',
  owner: { team: 'engagement-team', contact: 'engagement@example.com' },
  tags: ['events', 'engagement', 'clickstream'],
  lake: {
    datasets: {
      viewed: engagementDataset("A user opened an item's page or card."),
      listened: engagementDataset('A user played an audio item; `durationMs` is the time listened.'),
      read: engagementDataset('A user read a text item; `durationMs` is the reading time.'),
      purchased: engagementDataset('A user bought an item (one event per item).', {
        price: { type: 'Float', description: 'Unit price paid, in EUR; null when free.' },
      }),
      itemDailyStats,
      userOrderFeatures,
      userViewFeatures,
      userFeatureRows,
    },
  },
  pipelines: { itemStats, userFeatures },
  seed: engagementSeed,
});

/**
 * The engagement domain's demo event history: every day of the history gets
 * views, listens, reads and purchases of catalog items by identity users,
 * scaled with the seed scale. An event is a pure function of (dataset,
 * calendar day, index): the same day holds the same events whenever the
 * history is seeded, and its id says which, so a re-seed is deduplicated by
 * ingestion. References are valid at the same scale: users from identity's
 * `userCount(scale)` keys, items from catalog's `itemCount(scale)` keys, and
 * a purchase's price is the catalog price from `itemBasics`.
 */
import type { EventSeedContext, SeedEventBatch, SeedGenerator } from '../../src/sdk/index.ts';
import { itemBasics, itemCount, itemId, rowRandom, scaledCount, userCount, userId, type Random } from '../shared/index.ts';

const DAY_MS = 86_400_000;
const BATCH_EVENTS = 1_000;

/** Events per day at scale 1, per dataset. */
const DAILY_EVENTS = { viewed: 200, listened: 40, read: 40, purchased: 15 } as const;
type EngagementDataset = keyof typeof DAILY_EVENTS;

const DEVICES = [
  ['web', 45],
  ['ios', 25],
  ['android', 25],
  ['tv', 5],
] as const;
const COUNTRIES = [
  ['DE', 30],
  ['FR', 20],
  ['ES', 15],
  ['IT', 15],
  ['NL', 10],
  ['PL', 10],
] as const;

export const engagementSeed: SeedGenerator = {
  plannedRows: () => ({}),
  generate: () => [],
  plannedEvents: (ctx) => Object.fromEntries(datasets().map((d) => [d, scaledCount(DAILY_EVENTS[d], ctx.scale) * ctx.days])),
  *events(ctx: EventSeedContext): Generator<SeedEventBatch> {
    const firstDay = Math.floor(ctx.until.getTime() / DAY_MS) - ctx.days;
    for (let day = firstDay; day < firstDay + ctx.days; day++) {
      for (const dataset of datasets()) {
        const perDay = scaledCount(DAILY_EVENTS[dataset], ctx.scale);
        const events = Array.from({ length: perDay }, (_, index) => eventOf(dataset, day, index, ctx.scale));
        events.sort((a, b) => String(a.data.occurredAt).localeCompare(String(b.data.occurredAt)));
        for (let start = 0; start < events.length; start += BATCH_EVENTS) yield { dataset, events: events.slice(start, start + BATCH_EVENTS) };
      }
    }
  },
};

const datasets = () => Object.keys(DAILY_EVENTS) as EngagementDataset[];

function eventOf(dataset: EngagementDataset, day: number, index: number, scale: number) {
  const random = rowRandom(`engagement.${dataset}`, day * 100_000 + index);
  const item = random.int(1, itemCount(scale));
  const user = random.int(1, userCount(scale));
  const occurredAt = new Date(day * DAY_MS + Math.floor(random.next() * 86_400) * 1000);
  const date = occurredAt.toISOString().slice(0, 10);
  const data: Record<string, unknown> = {
    userId: userId(user),
    itemId: itemId(item),
    occurredAt: occurredAt.toISOString(),
    sessionId: `s${day}-${user}-${random.int(1, 3)}`,
    device: random.weighted(DEVICES),
    country: random.weighted(COUNTRIES),
    durationMs: durationOf(dataset, random),
    ip: `10.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`,
  };
  if (dataset === 'purchased') data.price = itemBasics(item).priceCents / 100;
  return { eventId: `seed-${dataset}-${date}-${String(index).padStart(6, '0')}`, data };
}

function durationOf(dataset: EngagementDataset, random: Random): number | null {
  switch (dataset) {
    case 'viewed':
      return random.int(500, 60_000);
    case 'listened':
      return random.int(30_000, 600_000);
    case 'read':
      return random.int(60_000, 1_800_000);
    case 'purchased':
      return null;
  }
}

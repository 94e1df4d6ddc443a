/**
 * Seeds the data products' demo event histories through the real ingestion
 * path (validation, policy, idempotency claims, the broker; the sink lands
 * them), in batches of the ingestor's limit. The caller supplies the governed
 * context the events are sent under (a seed principal), so they are
 * authorised and recorded like any client's.
 */
import type { GovernedContext } from '../../governed/index.ts';
import type { DataProduct, EventSeedContext } from '../../sdk/index.ts';
import type { PlatformDatabase } from '../../sources/index.ts';
import { INGESTED_EVENTS_TABLE } from './claims.ts';
import type { Ingestor } from './types.ts';

export interface EventHistoryProgress {
  /** Called once with the events planned per `domain.dataset`. */
  start(planned: Record<string, number>): void;
  advance(dataset: string, events: number): void;
  stop(): void;
}

export interface EventHistoryOptions extends EventSeedContext {
  ingestor: Ingestor;
  context: GovernedContext;
  progress?: EventHistoryProgress;
}

/** The outcome per `domain.dataset`: events newly accepted and events that were there already. */
export type EventHistoryOutcome = Record<string, { accepted: number; duplicates: number }>;

export async function seedEventHistory(products: readonly DataProduct[], options: EventHistoryOptions): Promise<EventHistoryOutcome> {
  const ctx: EventSeedContext = { scale: options.scale, until: options.until, days: options.days };
  const seeded = products.filter((p) => p.seed?.events);
  const planned: Record<string, number> = {};
  for (const product of seeded) {
    for (const [dataset, count] of Object.entries(product.seed?.plannedEvents?.(ctx) ?? {})) planned[`${product.name}.${dataset}`] = count;
  }
  options.progress?.start(planned);
  const outcome: EventHistoryOutcome = {};
  try {
    for (const product of seeded) {
      for (const batch of product.seed?.events?.(ctx) ?? []) {
        const dataset = `${product.name}.${batch.dataset}`;
        const events = batch.events.map((event) => ({ dataset, eventId: event.eventId, data: event.data }));
        outcome[dataset] = outcome[dataset] ?? { accepted: 0, duplicates: 0 };
        await sendInChunks(events, outcome[dataset], options);
      }
    }
  } finally {
    options.progress?.stop();
  }
  return outcome;
}

/** Sends one dataset's events in batches of the ingestor's limit; a rejected seed event is a bug of the generator, so it throws. */
async function sendInChunks(events: { dataset: string; eventId: string }[], tally: { accepted: number; duplicates: number }, options: EventHistoryOptions) {
  const size = options.ingestor.limits.maxEvents;
  for (let start = 0; start < events.length; start += size) {
    const chunk = events.slice(start, start + size);
    const result = await options.ingestor.ingest(chunk, options.context);
    const refused = result.rejected[0];
    if (refused) throw new Error(`seed event ${refused.eventId ?? refused.index} of ${refused.dataset} was rejected: ${refused.code} ${refused.reason}`);
    for (const accepted of result.accepted) tally[accepted.duplicate ? 'duplicates' : 'accepted'] += 1;
    options.progress?.advance(chunk[0]?.dataset ?? '', chunk.length);
  }
}

/**
 * True when no dataset that has a seeded history has been ingested into yet
 * (no idempotency claim, or no claims table yet): `npm start` seeds the history only on a first start.
 */
export async function needsEventHistory(products: readonly DataProduct[], db: PlatformDatabase): Promise<boolean> {
  const datasets = products.filter((p) => p.seed?.events).flatMap((p) => Object.keys(p.lake?.datasets ?? {}).map((d) => `${p.name}.${d}`));
  if (datasets.length === 0) return false;
  const [table] = await db.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [INGESTED_EVENTS_TABLE]);
  if (!table?.exists) return true;
  const rows = await db.query(`SELECT 1 FROM ${INGESTED_EVENTS_TABLE} WHERE dataset = ANY($1::text[]) LIMIT 1`, [datasets]);
  return rows.length === 0;
}

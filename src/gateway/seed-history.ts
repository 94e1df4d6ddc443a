/**
 * The demo event history: on a first start (`--seed-if-empty`) and in
 * `meshgate seed`, the data products' seeded events go through the gateway's
 * own ingestor as a seed principal (admin role), so they are validated,
 * authorised, deduplicated, produced and recorded like any client's, and the
 * sink lands them in the lake.
 */
import { seedEventHistory, type EventHistoryOutcome, type EventHistoryProgress } from '../lake/index.ts';
import type { DataProduct } from '../sdk/index.ts';
import type { Governance } from './governance.ts';
import type { RunningLake } from './lake.ts';

/** Whole UTC days of history before today. */
export const SEED_HISTORY_DAYS = 90;

const SEED_PRINCIPAL = { sub: 'meshgate-seed', roles: ['admin'], claims: {} };

export interface HistorySeedOptions {
  governance: Governance;
  lake: RunningLake;
  scale: number;
  progress?: EventHistoryProgress;
  /** Defaults to now: the history ends at the start of the current UTC day. */
  now?: Date;
}

export async function seedHistory(products: readonly DataProduct[], options: HistorySeedOptions): Promise<EventHistoryOutcome> {
  const now = options.now ?? new Date();
  const until = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const session = options.governance.actAs(SEED_PRINCIPAL, 'seed event history');
  try {
    const outcome = await seedEventHistory(products, {
      ingestor: options.lake.ingestor,
      context: session.context,
      scale: options.scale,
      until,
      days: SEED_HISTORY_DAYS,
      progress: options.progress,
    });
    await session.complete();
    return outcome;
  } catch (error) {
    await session.complete(error).catch(() => {});
    throw error;
  }
}

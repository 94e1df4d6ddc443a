/**
 * The freshness hook of `npm run bench:ingest -- --freshness`: event sent →
 * queryable in the lake. It needs the lake sink and lake reads (another
 * module); until the lead wires them here, the bench reports it as missing.
 *
 * Contract for whoever wires it: send `samples` events through `send`
 * (which resolves once the gateway answered 200), poll the lake for each
 * event id until it is readable, and return the delays in milliseconds.
 */
import type { DataProduct } from '../../../src/sdk/index.ts';

export interface FreshnessContext {
  /** The bench's data product (its datasets' topics are fresh for this run). */
  product: DataProduct;
  kafkaBrokers: string[];
  databaseUrl: string;
  /** POSTs one batch to the bench's `/v1/events` and resolves with the accepted event ids. */
  send(events: unknown[]): Promise<string[]>;
  /** A valid `viewed` event of the bench's domain with a fresh id. */
  makeEvent(): { dataset: string; eventId: string; data: Record<string, unknown> };
  samples: number;
}

export type MeasureFreshness = (ctx: FreshnessContext) => Promise<number[]>;

/** Replace with the sink + lake-read measurement; `undefined` means "not wired". */
export const measureFreshness: MeasureFreshness | undefined = undefined;

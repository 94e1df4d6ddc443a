/**
 * The lake's Prometheus metrics on their own registry, which the gateway
 * serves at `/metrics` (the sink adds its lag gauges to the same registry).
 */
import { Counter, Histogram, Registry } from 'prom-client';

export interface LakeMetrics {
  registry: Registry;
  /** Events produced to the broker, per dataset (duplicates excluded). */
  eventsAccepted: Counter<'dataset'>;
  /** Events answered with their original position because their id was ingested before. */
  eventsDuplicate: Counter<'dataset'>;
  /** Rejected events per dataset (`unknown` when none resolved) and rejection code. */
  eventsRejected: Counter<'dataset' | 'code'>;
  /** Time from receiving a batch to answering it. */
  ingestBatchSeconds: Histogram<never>;
}

export function createLakeMetrics(registry: Registry = new Registry()): LakeMetrics {
  return {
    registry,
    eventsAccepted: new Counter({
      name: 'meshgate_events_accepted_total',
      help: 'Events accepted and acknowledged by the broker.',
      labelNames: ['dataset'],
      registers: [registry],
    }),
    eventsDuplicate: new Counter({
      name: 'meshgate_events_duplicate_total',
      help: 'Events whose id was already ingested (not produced again).',
      labelNames: ['dataset'],
      registers: [registry],
    }),
    eventsRejected: new Counter({
      name: 'meshgate_events_rejected_total',
      help: 'Events rejected, by reason code.',
      labelNames: ['dataset', 'code'],
      registers: [registry],
    }),
    ingestBatchSeconds: new Histogram({
      name: 'meshgate_ingest_batch_seconds',
      help: 'Time to validate, deduplicate and produce one batch.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}

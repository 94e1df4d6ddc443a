/** Retention's Prometheus counters, on the lake registry the gateway serves at `/metrics`. */
import { Counter, type Registry } from 'prom-client';

export interface RetentionMetrics {
  files: Counter<'dataset'>;
  rows: Counter<'dataset'>;
  bytes: Counter<'dataset'>;
  claimsExpired: Counter<never>;
  runs: Counter<'outcome'>;
}

export function createRetentionMetrics(registry: Registry): RetentionMetrics {
  const counter = <L extends string>(name: string, help: string, labelNames: L[]) => new Counter<L>({ name, help, labelNames, registers: [registry] });
  return {
    files: counter('meshgate_lake_retention_files_removed_total', 'Parquet objects removed because their dataset retention passed.', ['dataset']),
    rows: counter('meshgate_lake_retention_rows_removed_total', 'Events in the Parquet objects removed by retention.', ['dataset']),
    bytes: counter('meshgate_lake_retention_bytes_removed_total', 'Bytes of the Parquet objects removed by retention.', ['dataset']),
    claimsExpired: counter('meshgate_ingest_claims_expired_total', 'Ingestion idempotency claims deleted after the dedup window.', []),
    runs: counter('meshgate_lake_retention_runs_total', 'Retention runs (not dry runs), by outcome.', ['outcome']),
  };
}

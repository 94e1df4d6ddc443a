/**
 * The sink's Prometheus metrics, registered on the registry the caller gives
 * (the gateway's lake registry) or a fresh one. Lag is read from the broker
 * when scraped: high watermark − committed offset, per topic and partition.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { EventBroker } from '../../sources/index.ts';

export interface SinkMetrics {
  registry: Registry;
  files: Counter<'dataset'>;
  rows: Counter<'dataset'>;
  undecodable: Counter<'dataset'>;
}

export function createSinkMetrics(registry: Registry, broker: EventBroker, groupId: string, topics: string[]): SinkMetrics {
  new Gauge({
    name: 'meshgate_sink_lag',
    help: 'Messages not yet committed by the lake sink: high watermark minus committed offset.',
    labelNames: ['topic', 'partition'],
    registers: [registry],
    async collect() {
      for (const topic of topics) {
        const lags = await broker.groupLag(groupId, topic).catch(() => []);
        for (const lag of lags) {
          const committed = BigInt(lag.committed) < 0n ? 0n : BigInt(lag.committed);
          this.set({ topic, partition: String(lag.partition) }, Number(BigInt(lag.high) - committed));
        }
      }
    },
  });
  return {
    registry,
    files: new Counter({ name: 'meshgate_sink_files_total', help: 'Parquet objects written to the lake.', labelNames: ['dataset'], registers: [registry] }),
    rows: new Counter({ name: 'meshgate_sink_rows_total', help: 'Events written to the lake.', labelNames: ['dataset'], registers: [registry] }),
    undecodable: new Counter({
      name: 'meshgate_sink_undecodable_total',
      help: 'Messages skipped because they were not events written by ingestion.',
      labelNames: ['dataset'],
      registers: [registry],
    }),
  };
}

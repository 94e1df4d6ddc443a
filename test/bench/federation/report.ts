import type { GatewayName } from './gateways.ts';
import type { LoadResult } from './load.ts';

export type LoadMode = 'dedup-off' | 'unique-auth';

export interface GatewayRun {
  mode: LoadMode;
  gateway: GatewayName;
  load: LoadResult;
  peakRssMb: number;
  /** CPU seconds per wall second during the measured period: ~1.0 means the gateway's core was saturated. */
  gatewayCpuShare: number;
  /** Gateway CPU time per request: 1000 / it is the RPS one whole core would give, steadier on a shared machine. */
  cpuMsPerRequest: number;
  /** The same for the subgraph server (on the load generator's core): it must stay well below 1.0. */
  subgraphCpuShare: number;
  /** Subgraph requests per gateway request (6 for this query when nothing is deduplicated). */
  subgraphCallsPerRequest: number;
}

export interface Ratios {
  mode: LoadMode;
  versus: GatewayName;
  rpsRatio: number;
  p95Ratio: number;
  /** Ratio of CPU time per request (other / meshgate): the throughput ratio if each had its core to itself. */
  perCoreRatio: number;
}

const fmt = (n: number, digits = 0) => n.toFixed(digits);

export function formatTable(runs: GatewayRun[]): string {
  const header = [
    'mode',
    'gateway',
    'RPS',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'errors',
    'peak RSS MB',
    'gw CPU',
    'CPU ms/req',
    'RPS/core',
    'subgraph CPU',
    'calls/req',
  ];
  const rows = runs.map((r) => [
    r.mode,
    r.gateway,
    fmt(r.load.rps, 1),
    fmt(r.load.p50Ms, 1),
    fmt(r.load.p95Ms, 1),
    fmt(r.load.p99Ms, 1),
    String(r.load.errors),
    fmt(r.peakRssMb),
    `${fmt(r.gatewayCpuShare * 100)}%`,
    fmt(r.cpuMsPerRequest, 2),
    fmt(1000 / r.cpuMsPerRequest),
    `${fmt(r.subgraphCpuShare * 100)}%`,
    fmt(r.subgraphCallsPerRequest, 2),
  ]);
  return alignColumns([header, ...rows]);
}

/** meshgate's RPS and p95 relative to each other gateway measured in the same mode. */
export function ratios(runs: GatewayRun[]): Ratios[] {
  const out: Ratios[] = [];
  for (const mine of runs.filter((r) => r.gateway === 'meshgate')) {
    for (const other of runs.filter((r) => r.mode === mine.mode && r.gateway !== 'meshgate')) {
      out.push({
        mode: mine.mode,
        versus: other.gateway,
        rpsRatio: mine.load.rps / other.load.rps,
        p95Ratio: mine.load.p95Ms / other.load.p95Ms,
        perCoreRatio: other.cpuMsPerRequest / mine.cpuMsPerRequest,
      });
    }
  }
  return out;
}

export function formatRatios(list: Ratios[]): string {
  return list
    .map(
      (r) =>
        `${r.mode}: meshgate RPS ${fmt(r.rpsRatio, 2)}× ${r.versus}'s, p95 ${fmt(r.p95Ratio, 2)}× ${r.versus}'s, CPU per request ${fmt(1 / r.perCoreRatio, 2)}× ${r.versus}'s (RPS/core ${fmt(r.perCoreRatio, 2)}×)`,
    )
    .join('\n');
}

function alignColumns(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

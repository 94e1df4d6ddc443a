import { readdirSync, readFileSync } from 'node:fs';

const PAGE_BYTES = 4096;
const CLOCK_TICKS_PER_SECOND = 100;

interface ProcStat {
  ppid: number;
  /** user + system CPU time in clock ticks */
  cpuTicks: number;
  rssBytes: number;
}

function readStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]), rssBytes: Number(fields[21]) * PAGE_BYTES };
  } catch {
    return null;
  }
}

/** A process and all its descendants (a gateway may fork workers). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = readStat(pid);
    if (!stat) continue;
    const list = children.get(stat.ppid) ?? [];
    list.push(pid);
    children.set(stat.ppid, list);
  }
  const tree: number[] = [];
  const visit = (pid: number) => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return tree;
}

/** Summed RSS of a process tree right now. */
export function treeRssBytes(root: number): number {
  return processTree(root).reduce((sum, pid) => sum + (readStat(pid)?.rssBytes ?? 0), 0);
}

/** Summed CPU seconds (user + system) of a process tree so far. */
export function treeCpuSeconds(root: number): number {
  return processTree(root).reduce((sum, pid) => sum + (readStat(pid)?.cpuTicks ?? 0), 0) / CLOCK_TICKS_PER_SECOND;
}

/** Samples a process tree's RSS every `intervalMs` and keeps the peak; stop() ends sampling. */
export function samplePeakRss(root: number, intervalMs = 250) {
  let peak = treeRssBytes(root);
  const timer = setInterval(() => {
    peak = Math.max(peak, treeRssBytes(root));
  }, intervalMs);
  return {
    get peakBytes() {
      return peak;
    },
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, treeRssBytes(root));
      return peak;
    },
  };
}

/** The bench's printed table: one line per comparison, its medians, their ratio, the goal and whether it is met. */

export interface Line {
  what: string;
  meshgateMs: number;
  baseline: string;
  baselineMs: number;
  /** The ratio meshgate / baseline must be at most this (undefined: informational). */
  goalAtMost?: number;
  /** The ratio must be strictly below this. */
  goalBelow?: number;
}

export const ratioOf = (line: Line): number => line.meshgateMs / line.baselineMs;

export function goalOf(line: Line): { text: string; met: boolean | undefined } {
  const ratio = ratioOf(line);
  if (line.goalAtMost !== undefined) return { text: `≤ ${line.goalAtMost}×`, met: ratio <= line.goalAtMost };
  if (line.goalBelow !== undefined) return { text: `< ${line.goalBelow}×`, met: ratio < line.goalBelow };
  return { text: '', met: undefined };
}

export function printTable(lines: Line[]): void {
  const cells = (row: string[]) => row.map((cell, i) => (i < 2 ? cell.padEnd(i === 0 ? 34 : 22) : cell.padStart(12))).join(' ');
  console.log(`\n${cells(['comparison', 'baseline', 'meshgate ms', 'baseline ms', 'ratio', 'goal', 'met'])}`);
  for (const line of lines) {
    const goal = goalOf(line);
    const met = goal.met === undefined ? '' : goal.met ? 'yes' : 'NO';
    console.log(cells([line.what, line.baseline, line.meshgateMs.toFixed(1), line.baselineMs.toFixed(1), ratioOf(line).toFixed(3), goal.text, met]));
  }
}

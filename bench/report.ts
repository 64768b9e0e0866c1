// Renders the benchmark's figures: the final table (plain text) and the JSON written by --json.
import { formatDurationSummary, formatRatioSummary } from './stats.ts';
import { targetMet, type Figure } from './targets.ts';

export interface RunInfo {
  startedAt: string;
  durationMs: number;
  rounds: number;
  node: string;
  cpus: number;
  loadAverage: number[];
}

/** Pads cells to column widths (by code points, so "–" and "≥" count as one). */
function renderTable(rows: string[][]): string {
  const len = (s: string) => [...s].length;
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => len(r[c] ?? ''))));
  const line = (r: string[]) => r.map((cell, c) => cell + ' '.repeat(widths[c]! - len(cell))).join(' | ').trimEnd();
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.slice(1).map(line)].join('\n');
}

export function targetCell(f: Figure): string {
  if (!f.target) return '';
  return `${f.target.text}: ${targetMet(f, f.target) ? 'met' : 'NOT met'}`;
}

/** tmpfs beside the baseline: its time and limit/sessionfs (how far the session filesystem is from the hardware). */
export function limitCell(f: Figure): string {
  return f.limit ? `${formatDurationSummary(f.limit.ms)}, ratio ${formatRatioSummary(f.limit.ratio)}` : '';
}

const loadCell = (f: Figure): string => (f.load ? (f.load.min === f.load.max ? f.load.min.toFixed(1) : `${f.load.min.toFixed(1)}–${f.load.max.toFixed(1)}`) : '');

/** The final table: workload | sessionfs | baseline | ratio | tmpfs | load | target (medians, min–max over rounds). */
export function renderReport(figures: readonly Figure[], info: RunInfo): string {
  const rows = [
    ['workload', 'sessionfs', 'baseline', 'ratio', 'tmpfs (limit)', 'load', 'target'],
    ...figures.map((f) => [
      f.label,
      formatDurationSummary(f.sessionfsMs),
      formatDurationSummary(f.baselineMs),
      formatRatioSummary(f.ratio),
      limitCell(f),
      loadCell(f),
      targetCell(f),
    ]),
  ];
  const baselines = [...new Set(figures.map((f) => f.baseline))];
  return [
    renderTable(rows),
    '',
    `median (min–max) of ${info.rounds} interleaved round(s); ratio = baseline time / sessionfs time per round, median [min–max]: below 1 is slower than the baseline.`,
    'tmpfs (limit): the same workload on tmpfs in the same sandbox, the physical limit, with its own ratio tmpfs time / sessionfs time. load: 1-minute load average over the rounds.',
    `baselines: ${baselines.join('; ')}. ${info.cpus} CPUs, load average at start ${info.loadAverage.map((x) => x.toFixed(1)).join(' ')}, ${(info.durationMs / 1000).toFixed(0)} s in all.`,
  ].join('\n');
}

export function reportJson(figures: readonly Figure[], info: RunInfo): unknown {
  return {
    ...info,
    figures: figures.map((f) => ({ ...f, ...(f.target ? { targetMet: targetMet(f, f.target) } : {}) })),
  };
}

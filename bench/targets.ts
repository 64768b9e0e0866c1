// The benchmark's figures and the targets they are judged against (pure).
import type { Summary } from './stats.ts';

export type Target =
  /** The median ratio baseline/sessionfs must be at least `value` (e.g. 0.1 = "no more than ten times slower"). */
  | { kind: 'ratio-at-least'; value: number; text: string }
  /** The median session-filesystem time must be below `value` ms, whatever the baseline. */
  | { kind: 'sessionfs-below-ms'; value: number; text: string };

export interface Figure {
  id: string;
  label: string;
  /** What the baseline is: plain disk in the same sandbox, or an emulator with `storage: 'plain'`. */
  baseline: string;
  /** Times in ms, one sample per round. */
  sessionfsMs: Summary;
  baselineMs: Summary;
  /** Per-round baseline/sessionfs: below 1 means the session filesystem is slower. */
  ratio: Summary;
  target?: Target;
  /** The physical limit measured beside the baseline (tmpfs in the same sandbox): its times, and limit/sessionfs. */
  limit?: { label: string; ms: Summary; ratio: Summary };
  /** The 1-minute load average when each round's samples were taken. */
  load?: Summary;
  /** Stop→resume only: the StopRuntimeSession call and the first command, in ms, per side. */
  split?: Record<'sessionfs' | 'baseline', { stopMs: Summary; firstCommandMs: Summary }>;
}

const atLeast = (value: number, text: string): Target => ({ kind: 'ratio-at-least', value, text });

/** Targets by figure id (issue 15 for the FS-bound small files and the warm sequential read). */
export const TARGETS: Readonly<Record<string, Target>> = {
  'small.create': atLeast(1 / 10, '≥ 1/10'),
  'fs.create': atLeast(0.8, '≥ 0.8'),
  'fs.stat': atLeast(0.5, '≥ 0.5'),
  'fs.read': atLeast(0.5, '≥ 0.5'),
  'fs.delete': atLeast(0.5, '≥ 0.5'),
  'seq.write': atLeast(1 / 2, '≥ 1/2'),
  'seq.read': atLeast(0.8, '≥ 0.8'),
  'resume.empty': { kind: 'sessionfs-below-ms', value: 100, text: '≤ 100 ms' },
  'resume.10k': { kind: 'sessionfs-below-ms', value: 300, text: '≤ 300 ms' },
  'resume.100k': { kind: 'sessionfs-below-ms', value: 500, text: '≤ 500 ms' },
};

export function targetMet(f: Pick<Figure, 'sessionfsMs' | 'ratio'>, t: Target): boolean {
  return t.kind === 'ratio-at-least' ? f.ratio.median >= t.value : f.sessionfsMs.median <= t.value;
}

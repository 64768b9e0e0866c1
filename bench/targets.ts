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
  /** Stop→resume only: the StopRuntimeSession call and the first command, in ms, per side. */
  split?: Record<'sessionfs' | 'baseline', { stopMs: Summary; firstCommandMs: Summary }>;
}

/** Targets by figure id. */
export const TARGETS: Readonly<Record<string, Target>> = {
  'small.create': { kind: 'ratio-at-least', value: 1 / 10, text: '≥ 1/10' },
  'seq.write': { kind: 'ratio-at-least', value: 1 / 2, text: '≥ 1/2' },
  'resume.empty': { kind: 'sessionfs-below-ms', value: 100, text: '≤ 100 ms' },
  'resume.10k': { kind: 'sessionfs-below-ms', value: 300, text: '≤ 300 ms' },
  'resume.100k': { kind: 'sessionfs-below-ms', value: 500, text: '≤ 500 ms' },
};

export function targetMet(f: Pick<Figure, 'sessionfsMs' | 'ratio'>, t: Target): boolean {
  return t.kind === 'ratio-at-least' ? f.ratio.median >= t.value : f.sessionfsMs.median <= t.value;
}

// The compact per-claim table printed at the end of every conformance run, and the progress line printed as each
// test finishes. Plain text, no colours.

import type { ClaimStatus, ComplianceReport, TargetInfo, TestStatus } from './report-model.ts';

const STATUS_SYMBOL = {
  pass: '✓',
  fail: '✗',
  'unsupported-as-documented': '⊘',
  'not-verifiable-on-target': '∅',
  'skipped-environment': '↓',
  xfail: 'x',
  xpass: '!',
  flaky: '~',
  'not-run': '-',
  'not-covered': '·',
} as const satisfies Record<ClaimStatus, string>;

const UNKNOWN_SYMBOL = '?';

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function describeTarget(target: TargetInfo): string {
  return [target.name, target.region, target.runtimeArn].filter((part): part is string => part !== null).join(' · ');
}

/** `[life] 3/9 ✓ pass  stop and resume > a tree ... (1.2 s)`: one line per finished test. */
export function renderProgressLine(area: string, done: number, total: number, status: TestStatus, name: string, reason?: string): string {
  return `[${area}] ${done}/${total} ${STATUS_SYMBOL[status]} ${status}  ${name}${reason ? ` (${reason})` : ''}`;
}

export function renderConsoleSummary(model: ComplianceReport): string {
  const rows = [
    ...model.claims.map((claim) => ({ symbol: STATUS_SYMBOL[claim.status], status: claim.status as string, id: claim.id, n: claim.tests.length, reason: claim.reason })),
    ...model.unknownClaims.map((claim) => ({ symbol: UNKNOWN_SYMBOL, status: 'unknown', id: claim.id, n: claim.tests.length, reason: undefined })),
  ];
  const statusWidth = Math.max(0, ...rows.map((row) => row.status.length));
  const idWidth = Math.max(0, ...rows.map((row) => row.id.length));
  const s = model.summary;
  const counts = Object.entries(s.statuses).filter(([, n]) => n > 0).map(([status, n]) => `${n} ${status}`);
  const profile = model.profile ? ` · profile ${model.profile.name} (${model.profile.sha256.slice(0, 12)})` : '';
  const lines = [
    `Session storage compliance · ${describeTarget(model.target)}${profile}`,
    ...rows.map((row) =>
      `  ${row.symbol} ${row.status.padEnd(statusWidth)}  ${row.id.padEnd(idWidth)}  ${plural(row.n, 'test')}` +
      (row.reason && row.status !== 'pass' ? `  (${row.reason})` : '')),
    `${plural(s.claims, 'claim')}: ${counts.join(', ')}` +
      ` · ${plural(s.tests, 'test')}` +
      (s.reruns > 0 ? ` · ${plural(s.reruns, 'rerun')}` : '') +
      (s.drift > 0 ? ` · ${plural(s.drift, 'drift')} from the profile` : '') +
      (s.unknownClaims > 0 ? ` · ${plural(s.unknownClaims, 'unknown claim id')}` : '') +
      (s.unhandledErrors > 0 ? ` · ${plural(s.unhandledErrors, 'unhandled error')}` : '') +
      ` · ${model.ok ? 'OK' : 'NOT OK'}`,
  ];
  return `${lines.join('\n')}\n`;
}

// The compact per-claim table printed at the end of every conformance run. Plain text, no colours.

import type { ClaimStatus, ComplianceReport, TargetInfo } from './report-model.ts';

export const STATUS_SYMBOL = {
  pass: '✓',
  fail: '✗',
  skipped: '↓',
  'not-covered': '·',
} as const satisfies Record<ClaimStatus, string>;

const UNKNOWN_SYMBOL = '?';

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function describeTarget(target: TargetInfo): string {
  return [target.name, target.region, target.runtimeArn].filter((part): part is string => part !== null).join(' · ');
}

export function renderConsoleSummary(model: ComplianceReport): string {
  const rows = [
    ...model.claims.map((claim) => ({ symbol: STATUS_SYMBOL[claim.status], status: claim.status, id: claim.id, n: claim.tests.length })),
    ...model.unknownClaims.map((claim) => ({ symbol: UNKNOWN_SYMBOL, status: 'unknown', id: claim.id, n: claim.tests.length })),
  ];
  const statusWidth = Math.max(0, ...rows.map((row) => row.status.length));
  const idWidth = Math.max(0, ...rows.map((row) => row.id.length));
  const s = model.summary;
  const lines = [
    `Session storage compliance · ${describeTarget(model.target)}`,
    ...rows.map((row) => `  ${row.symbol} ${row.status.padEnd(statusWidth)}  ${row.id.padEnd(idWidth)}  ${plural(row.n, 'test')}`),
    `${plural(s.claims, 'claim')}: ${s.pass} pass, ${s.fail} fail, ${s.skipped} skipped, ${s.notCovered} not covered` +
      ` · ${plural(s.tests, 'test')}` +
      (s.unknownClaims > 0 ? ` · ${plural(s.unknownClaims, 'unknown claim id')}` : '') +
      (s.unhandledErrors > 0 ? ` · ${plural(s.unhandledErrors, 'unhandled error')}` : '') +
      ` · ${model.ok ? 'OK' : 'NOT OK'}`,
  ];
  return `${lines.join('\n')}\n`;
}

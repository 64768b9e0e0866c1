// Pure: what changed between two compliance reports of the same target (last night's and tonight's). A regression
// is a claim that held before (pass, unsupported-as-documented, flaky) and now fails or unexpectedly passes; a claim
// that held before and is now not run, skipped or uncovered is lost coverage (reported, not a regression).
import type { ClaimStatus, ComplianceReport } from './report-model.ts';

const HELD: readonly ClaimStatus[] = ['pass', 'unsupported-as-documented', 'flaky'];
const BROKEN: readonly ClaimStatus[] = ['fail', 'xpass'];

export interface ClaimChange {
  id: string;
  before: ClaimStatus | 'absent';
  after: ClaimStatus | 'absent';
}

export interface Comparison {
  regressions: ClaimChange[];
  lostCoverage: ClaimChange[];
  fixed: ClaimChange[];
}

export function compareReports(baseline: ComplianceReport, current: ComplianceReport): Comparison {
  const before = new Map(baseline.claims.map((c) => [c.id, c.status]));
  const out: Comparison = { regressions: [], lostCoverage: [], fixed: [] };
  for (const claim of current.claims) {
    const was: ClaimStatus | 'absent' = before.get(claim.id) ?? 'absent';
    const change: ClaimChange = { id: claim.id, before: was, after: claim.status };
    const held = was !== 'absent' && HELD.includes(was);
    if (held && BROKEN.includes(claim.status)) out.regressions.push(change);
    else if (held && !HELD.includes(claim.status)) out.lostCoverage.push(change);
    else if (was !== 'absent' && BROKEN.includes(was) && HELD.includes(claim.status)) out.fixed.push(change);
  }
  return out;
}

export function renderComparison(c: Comparison): string {
  const lines = (title: string, list: ClaimChange[]) => (list.length === 0 ? [] : [`${title}:`, ...list.map((x) => `  ${x.id}: ${x.before} → ${x.after}`)]);
  const body = [...lines('Regressions', c.regressions), ...lines('Lost coverage', c.lostCoverage), ...lines('Fixed', c.fixed)];
  return `${body.length === 0 ? 'No change in claim statuses.' : body.join('\n')}\n`;
}

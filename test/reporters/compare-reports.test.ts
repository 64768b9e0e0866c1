import { describe, expect, it } from 'vitest';
import { compareReports, renderComparison } from '../../reporters/compare-reports.ts';
import type { ClaimStatus, ComplianceReport } from '../../reporters/report-model.ts';

const report = (claims: Record<string, ClaimStatus>) =>
  ({ claims: Object.entries(claims).map(([id, status]) => ({ id, status })) }) as unknown as ComplianceReport;

describe('compareReports', () => {
  it('a claim that held and now fails or xpasses is a regression; not run is lost coverage; fail → pass is fixed', () => {
    const c = compareReports(
      report({ a: 'pass', b: 'unsupported-as-documented', c: 'pass', d: 'fail', e: 'pass', f: 'not-run' }),
      report({ a: 'fail', b: 'xpass', c: 'not-run', d: 'pass', e: 'pass', f: 'fail', g: 'fail' }),
    );
    expect(c.regressions.map((x) => x.id)).toEqual(['a', 'b']);
    expect(c.lostCoverage).toEqual([{ id: 'c', before: 'pass', after: 'not-run' }]);
    expect(c.fixed).toEqual([{ id: 'd', before: 'fail', after: 'pass' }]);
    expect(renderComparison(c)).toBe(
      'Regressions:\n  a: pass → fail\n  b: unsupported-as-documented → xpass\nLost coverage:\n  c: pass → not-run\nFixed:\n  d: fail → pass\n',
    );
    expect(renderComparison(compareReports(report({ a: 'pass' }), report({ a: 'pass' })))).toBe('No change in claim statuses.\n');
  });
});

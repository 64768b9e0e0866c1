// The merged multi-target matrix as Markdown and as a self-contained HTML page (claims × targets). Pure.
import { describeTarget } from './render-console.ts';
import { escapeHtml, renderMatrixPage, statusBadge } from './html-page.ts';
import { escapeCell, STATUS_LABEL } from './render-markdown.ts';
import type { ComplianceMatrix } from './merge-reports.ts';
import { CLAIM_STATUSES } from './report-model.ts';

export function renderMatrixJson(matrix: ComplianceMatrix): string {
  return `${JSON.stringify(matrix, null, 2)}\n`;
}

export function renderMatrixMarkdown(matrix: ComplianceMatrix): string {
  const out = ['# Session storage compliance matrix', '', `- **Result:** ${matrix.ok ? 'OK' : 'NOT OK'}`, `- **Generated:** ${matrix.generatedAt}`, ''];
  out.push('| column | target | profile | suite | run | result |', '|---|---|---|---|---|---|');
  for (const c of matrix.columns) {
    out.push(`| \`${escapeCell(c.key)}\` | ${escapeCell(describeTarget(c.target))} | ${escapeCell(c.profile ? `${c.profile.name} (${c.profile.sha256.slice(0, 12)})` : 'none')} | ${escapeCell(c.suite.version)} | \`${escapeCell(c.runId)}\` | ${c.ok ? 'OK' : 'NOT OK'} |`);
  }
  out.push('', '## Claims', '');
  out.push(`| claim | level | ${matrix.columns.map((c) => `\`${escapeCell(c.key)}\``).join(' | ')} |`);
  out.push(`|---|---|${matrix.columns.map(() => '---').join('|')}|`);
  for (const claim of matrix.claims) {
    const cells = matrix.columns.map((c) => {
      const cell = claim.results[c.key]!;
      // An expectation column's plain promise needs no reason repeated in every row.
      if (c.expectation && cell.status === 'pass') return '✅ promised';
      return `${STATUS_LABEL[cell.status]}${cell.reason ? `<br>${escapeCell(cell.reason)}` : ''}`;
    });
    out.push(`| \`${claim.id}\` | ${claim.level} | ${cells.join(' | ')} |`);
  }
  out.push('');
  return out.join('\n');
}

export function renderMatrixHtml(matrix: ComplianceMatrix): string {
  const header = `<span class="result ${matrix.ok ? 'ok' : 'notok'}">${matrix.ok ? 'OK' : 'NOT OK'}</span><dl class="meta">` +
    matrix.columns.map((c) => `<dt>${escapeHtml(c.key)}</dt><dd>${escapeHtml(`${describeTarget(c.target)}; profile ${c.profile ? `${c.profile.name} sha256 ${c.profile.sha256}` : 'none'}; suite ${c.suite.version}; run ${c.runId} at ${c.startedAt}; from ${c.source}`)}</dd>`).join('') +
    '</dl>';
  const present = CLAIM_STATUSES.map((status) => [status, matrix.claims.filter((claim) => Object.values(claim.results).some((r) => r.status === status)).length] as const);
  return renderMatrixPage({
    title: 'Session storage compliance matrix',
    header,
    columns: matrix.columns.map((c) => c.key),
    statusCounts: present,
    rows: matrix.claims.map((claim) => ({
      id: claim.id,
      area: claim.area,
      level: claim.level,
      statuses: [...new Set(Object.values(claim.results).map((r) => r.status))],
      cells: matrix.columns.map((c) => statusBadge(claim.results[c.key]!.status)),
      details: `<p>${escapeHtml(claim.text)}</p><ul>${matrix.columns.map((c) => {
        const r = claim.results[c.key]!;
        return `<li><code>${escapeHtml(c.key)}</code>: ${statusBadge(r.status)} ${r.tests} test(s)${r.reason ? ` — ${escapeHtml(r.reason)}` : ''}</li>`;
      }).join('')}</ul>`,
    })),
  });
}

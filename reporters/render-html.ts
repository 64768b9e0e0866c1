// reports/compliance.html: one run as a claim × status matrix (a mark in the column of each claim's status), with the
// evidence (tests, reasons, observations, drift) shown when a claim is clicked. A pure function of the model.
import { describeTarget } from './render-console.ts';
import { escapeHtml, renderMatrixPage, statusBadge } from './html-page.ts';
import { CLAIM_STATUSES, type ClaimResult, type ComplianceReport } from './report-model.ts';

const json = (value: unknown): string => escapeHtml(JSON.stringify(value));

function details(claim: ClaimResult): string {
  const out: string[] = [`<p>${escapeHtml(claim.text)}</p>`];
  for (const [i, s] of [claim.source, ...(claim.alsoSources ?? [])].entries())
    out.push(`<p>${i === 0 ? 'Source' : 'Also'}: ${escapeHtml(s.document)}${s.section ? ` ${escapeHtml(s.section)}` : ''}: “${escapeHtml(s.quote)}”</p>`);
  if (claim.reason !== undefined) out.push(`<p>Reason: ${escapeHtml(claim.reason)}</p>`);
  if (claim.tests.length > 0) {
    out.push('<ul>');
    for (const test of claim.tests) {
      out.push(`<li>${statusBadge(test.status)} ${escapeHtml(test.name)} <code>${escapeHtml(test.file)}</code>` +
        (test.durationMs !== null ? ` ${test.durationMs} ms` : '') +
        (test.retryCount > 0 ? `, ${test.retryCount} rerun(s)` : '') +
        (test.usage ? `, ${test.usage.apiCalls} API call(s), ${test.usage.sessionSeconds} session-s` : '') +
        (test.reason ? ` — ${escapeHtml(test.reason)}` : '') +
        (test.error ? `<br><code>${escapeHtml(test.error)}</code>` : '') + '</li>');
    }
    out.push('</ul>');
  }
  if (claim.evidence.observations.length > 0) {
    out.push('<p>Observations:</p><ul>');
    for (const o of claim.evidence.observations) {
      out.push(`<li><code>${escapeHtml(o.name)}</code> = <code>${json(o.value)}</code>` +
        (o.expected !== undefined ? ` (declared <code>${json(o.expected)}</code>)` : '') + ` — ${escapeHtml(o.test)}</li>`);
    }
    out.push('</ul>');
  }
  for (const d of claim.evidence.drift) {
    out.push(`<p class="drift">Drift: ${escapeHtml(d.name)} observed <code>${json(d.observed)}</code>, profile declares <code>${json(d.declared)}</code> (${escapeHtml(d.test)})</p>`);
  }
  return out.join('');
}

export function renderHtml(model: ComplianceReport): string {
  const meta: [string, string][] = [
    ['target', describeTarget(model.target)],
    ['profile', model.profile ? `${model.profile.name} (${model.profile.file}, sha256 ${model.profile.sha256})` : 'none'],
    ['suite', `${model.suite.name} ${model.suite.version}`],
    ['SDK', Object.entries(model.sdk).map(([name, v]) => `${name} ${v}`).join(', ') || 'unknown'],
    ['run', `${model.runId}${model.seed !== null ? `, seed ${model.seed}` : ''}`],
    ['time', `${model.startedAt} → ${model.finishedAt} (${model.durationMs} ms)`],
    ['tests', `${model.summary.tests} (${model.summary.reruns} reruns, ${model.summary.drift} drift, ${model.summary.unknownClaims} unknown claim ids)`],
    ...(model.tier ? [['tier', model.tier] as [string, string]] : []),
    ...(model.usage
      ? [['cost', `${model.usage.apiCalls} API calls (${model.usage.attempts - model.usage.apiCalls} retries, ${model.usage.throttled} throttled), ` +
          `${model.usage.sessionSeconds} session-seconds, ${model.usage.bytesWritten} bytes written`] as [string, string]]
      : []),
  ];
  const header = `<span class="result ${model.ok ? 'ok' : 'notok'}">${model.ok ? 'OK' : 'NOT OK'}</span>` +
    `<dl class="meta">${meta.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
  return renderMatrixPage({
    title: 'Session storage compliance',
    header,
    columns: [...CLAIM_STATUSES],
    statusCounts: CLAIM_STATUSES.map((status) => [status, model.summary.statuses[status]] as const),
    rows: model.claims.map((claim) => ({
      id: claim.id,
      area: claim.area,
      level: claim.level,
      statuses: [claim.status],
      cells: CLAIM_STATUSES.map((status) => (status === claim.status ? `<span class="st st-${status}" title="${status}">●</span>` : '')),
      details: details(claim),
    })),
  });
}

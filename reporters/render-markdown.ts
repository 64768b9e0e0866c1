// reports/compliance.md: the run's header, a claim × status table with the tests behind each claim, then failures,
// drift from the profile, observations, coverage gaps and unknown ids. A pure function of the model.

import { describeTarget, plural } from './render-console.ts';
import { renderUsageMarkdown } from './render-usage.ts';
import { CLAIM_STATUSES, type ClaimResult, type ClaimStatus, type ComplianceReport, type TestStatus } from './report-model.ts';

export const STATUS_LABEL = {
  pass: '✅ pass',
  fail: '❌ fail',
  'unsupported-as-documented': '🚫 unsupported as documented',
  'not-verifiable-on-target': '∅ not verifiable on target',
  'skipped-environment': '⏭️ skipped (environment)',
  xfail: '🟡 xfail',
  xpass: '‼️ xpass',
  flaky: '🔁 flaky',
  'not-run': '⏸️ not run',
  'not-covered': '⬜ not covered',
} as const satisfies Record<ClaimStatus, string>;

/** Makes a value safe inside a table cell: no pipes, no line breaks. */
export function escapeCell(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

function code(value: string): string {
  return value.includes('`') ? `\`\` ${value} \`\`` : `\`${value}\``;
}

function firstLine(value: string): string {
  return value.split(/\r?\n/, 1)[0] ?? '';
}

function testIcon(status: TestStatus): string {
  return STATUS_LABEL[status].split(' ')[0] ?? '';
}

function testsCell(claim: ClaimResult): string {
  if (claim.tests.length === 0) return claim.reason !== undefined ? escapeCell(claim.reason) : '—';
  return claim.tests
    .map((test) => `${testIcon(test.status)} ${escapeCell(test.name)} (${escapeCell(test.file)})${test.reason ? `: ${escapeCell(test.reason)}` : ''}`)
    .join('<br>');
}

export function renderMarkdown(model: ComplianceReport): string {
  const s = model.summary;
  const out: string[] = [];
  out.push('# Session storage compliance report', '');
  out.push(`- **Result:** ${model.ok ? 'OK' : 'NOT OK'}`);
  out.push(`- **Target:** ${describeTarget(model.target)}`);
  out.push(`- **Profile:** ${model.profile ? `${code(model.profile.name)} (${code(model.profile.file)}, sha256 ${code(model.profile.sha256)})` : 'none'}`);
  out.push(`- **Suite:** ${model.suite.name} ${model.suite.version}; SDK ${Object.entries(model.sdk).map(([name, v]) => `${name} ${v}`).join(', ') || 'unknown'}`);
  out.push(`- **Run:** ${code(model.runId)}${model.seed !== null ? `, seed ${code(model.seed)}` : ''}, ${model.startedAt} → ${model.finishedAt} (${model.durationMs} ms)`);
  out.push(`- **Schema version:** ${model.schemaVersion}`, '');

  out.push('## Summary', '');
  out.push('| status | claims |', '|---|---:|');
  for (const status of CLAIM_STATUSES) out.push(`| ${STATUS_LABEL[status]} | ${s.statuses[status]} |`);
  out.push(`| **total** | **${s.claims}** |`, '');
  out.push(`${plural(s.tests, 'test')} carried claim ids; ${plural(s.reruns, 'rerun')}; ${plural(s.drift, 'observation')} drifting from the profile; ` +
    `${plural(s.unknownClaims, 'unknown claim id')}; ${plural(s.unhandledErrors, 'unhandled error')}.`, '');
  out.push(...renderUsageMarkdown(model));

  out.push('## Claims', '');
  out.push('| claim | level | status | tests |', '|---|---|---|---|');
  for (const claim of model.claims) {
    out.push(`| ${code(claim.id)} | ${claim.level} | ${STATUS_LABEL[claim.status]} | ${testsCell(claim)} |`);
  }
  out.push('');

  const failed = model.claims.filter((claim) => claim.status === 'fail' || claim.status === 'xpass');
  if (failed.length > 0) {
    out.push('## Failures', '');
    for (const claim of failed) {
      out.push(`### ${claim.id}`, '', `> ${claim.text}`, '');
      for (const test of claim.tests.filter((t) => t.status === 'fail' || t.status === 'xpass')) {
        out.push(`- ${STATUS_LABEL[test.status]}: ${test.name} (${code(test.file)})${test.error !== undefined ? `: ${firstLine(test.error)}` : ''}`);
      }
      out.push('');
    }
  }

  const drifting = model.claims.filter((claim) => claim.evidence.drift.length > 0);
  if (drifting.length > 0) {
    out.push('## Drift from the profile', '');
    out.push('| claim | test | observation | observed | declared |', '|---|---|---|---|---|');
    for (const claim of drifting) {
      for (const d of claim.evidence.drift) {
        out.push(`| ${code(claim.id)} | ${escapeCell(d.test)} | ${escapeCell(d.name)} | ${escapeCell(JSON.stringify(d.observed))} | ${escapeCell(JSON.stringify(d.declared))} |`);
      }
    }
    out.push('');
  }

  const observed = model.claims.filter((claim) => claim.evidence.observations.length > 0);
  if (observed.length > 0) {
    out.push('## Observations', '');
    out.push('| claim | test | observation | value |', '|---|---|---|---|');
    for (const claim of observed) {
      for (const o of claim.evidence.observations) {
        out.push(`| ${code(claim.id)} | ${escapeCell(o.test)} | ${escapeCell(o.name)} | ${escapeCell(JSON.stringify(o.value))} |`);
      }
    }
    out.push('');
  }

  const notCovered = model.claims.filter((claim) => claim.status === 'not-covered');
  out.push('## Not covered', '');
  if (notCovered.length === 0) {
    out.push('Every claim in the catalogue is covered by at least one test, or declared not verifiable on this target.', '');
  } else {
    out.push(`${plural(notCovered.length, 'claim')} with no test in this run:`, '');
    for (const claim of notCovered) out.push(`- ${code(claim.id)} (${claim.level}): ${claim.text}`);
    out.push('');
  }

  if (model.unknownClaims.length > 0) {
    out.push('## Unknown claim ids', '');
    out.push('Tests reference these ids, which spec/claims.yaml does not define:', '');
    for (const unknown of model.unknownClaims) {
      out.push(`- ${code(unknown.id)}: ${unknown.tests.map((test) => `${test.name} (${code(test.file)})`).join(', ')}`);
    }
    out.push('');
  }
  return out.join('\n');
}

// reports/compliance.md: a claim × status table with the tests behind each claim, then failures, coverage gaps and
// unknown ids. A pure function of the model.

import { describeTarget, plural } from './render-console.ts';
import type { ClaimResult, ClaimStatus, ComplianceReport, TestState } from './report-model.ts';

const STATUS_LABEL = {
  pass: '✅ pass',
  fail: '❌ fail',
  skipped: '⏭️ skipped',
  'not-covered': '⬜ not covered',
} as const satisfies Record<ClaimStatus, string>;

const STATE_ICON = {
  passed: '✅',
  failed: '❌',
  skipped: '⏭️',
  pending: '⏳',
} as const satisfies Record<TestState, string>;

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

function testsCell(claim: ClaimResult): string {
  if (claim.tests.length === 0) return '—';
  return claim.tests.map((test) => `${STATE_ICON[test.state]} ${escapeCell(test.name)} (${escapeCell(test.file)})`).join('<br>');
}

export function renderMarkdown(model: ComplianceReport): string {
  const s = model.summary;
  const out: string[] = [];
  out.push('# Session storage compliance report', '');
  out.push(`- **Result:** ${model.ok ? 'OK' : 'NOT OK'}`);
  out.push(`- **Target:** ${describeTarget(model.target)}`);
  out.push(`- **Run:** ${code(model.runId)}, ${model.startedAt} → ${model.finishedAt} (${model.durationMs} ms)`);
  out.push(`- **Schema version:** ${model.schemaVersion}`, '');

  out.push('## Summary', '');
  out.push('| status | claims |', '|---|---:|');
  out.push(`| ${STATUS_LABEL.pass} | ${s.pass} |`);
  out.push(`| ${STATUS_LABEL.fail} | ${s.fail} |`);
  out.push(`| ${STATUS_LABEL.skipped} | ${s.skipped} |`);
  out.push(`| ${STATUS_LABEL['not-covered']} | ${s.notCovered} |`);
  out.push(`| **total** | **${s.claims}** |`, '');
  out.push(`${plural(s.tests, 'test')} carried claim ids; ${plural(s.unknownClaims, 'unknown claim id')}; ` +
    `${plural(s.unhandledErrors, 'unhandled error')}.`, '');

  out.push('## Claims', '');
  out.push('| claim | level | status | tests |', '|---|---|---|---|');
  for (const claim of model.claims) {
    out.push(`| ${code(claim.id)} | ${claim.level} | ${STATUS_LABEL[claim.status]} | ${testsCell(claim)} |`);
  }
  out.push('');

  const failed = model.claims.filter((claim) => claim.status === 'fail');
  if (failed.length > 0) {
    out.push('## Failures', '');
    for (const claim of failed) {
      out.push(`### ${claim.id}`, '', `> ${claim.text}`, '');
      for (const test of claim.tests.filter((t) => t.state === 'failed')) {
        out.push(`- ${test.name} (${code(test.file)})${test.error !== undefined ? `: ${firstLine(test.error)}` : ''}`);
      }
      out.push('');
    }
  }

  const observed = model.claims.filter((claim) => claim.tests.some((test) => test.observations.length > 0));
  if (observed.length > 0) {
    out.push('## Observations', '');
    out.push('| claim | test | observation | value |', '|---|---|---|---|');
    for (const claim of observed) {
      for (const test of claim.tests) {
        for (const o of test.observations) {
          out.push(`| ${code(claim.id)} | ${escapeCell(test.name)} | ${escapeCell(o.name)} | ${escapeCell(JSON.stringify(o.value))} |`);
        }
      }
    }
    out.push('');
  }

  const notCovered = model.claims.filter((claim) => claim.status === 'not-covered');
  out.push('## Not covered', '');
  if (notCovered.length === 0) {
    out.push('Every claim in the catalogue is covered by at least one test.', '');
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

// The "Cost" section of compliance.md: what the run sent to the target and kept alive, then the tests that cost most.
// A pure function of the model; absent for reports without usage (older reports, merged inputs).
import type { ComplianceReport, ReportTest } from './report-model.ts';
import type { Usage } from '../spec/usage.ts';

const TOP = 10;

const cells = (u: Usage) => `${u.apiCalls} | ${u.attempts - u.apiCalls} | ${u.throttled} | ${u.sessionSeconds.toFixed(1)} | ${u.bytesWritten}`;

export function renderUsageMarkdown(model: ComplianceReport): string[] {
  const run = model.usage;
  if (!run) return [];
  const tests = new Map<string, ReportTest>();
  for (const claim of model.claims) for (const t of claim.tests) if (t.usage) tests.set(`${t.file}\u0000${t.name}`, t);
  const costly = [...tests.values()]
    .sort((a, b) => b.usage!.sessionSeconds - a.usage!.sessionSeconds || b.usage!.apiCalls - a.usage!.apiCalls)
    .slice(0, TOP);
  const out = ['## Cost', ''];
  out.push(`Tier ${model.tier ?? 'unknown'}. API calls, retries (attempts beyond the first), throttled or conflicting attempts, session-seconds, bytes stored:`, '');
  out.push('| scope | API calls | retries | throttled | session-seconds | bytes written |', '|---|---:|---:|---:|---:|---:|');
  out.push(`| **run** | ${cells(run)} |`);
  for (const t of costly) out.push(`| ${t.name.replace(/\|/g, '\\|')} | ${cells(t.usage!)} |`);
  const ops = Object.entries(run.byOperation).sort(([a], [b]) => (a < b ? -1 : 1));
  if (ops.length > 0) out.push('', `Calls by operation: ${ops.map(([op, n]) => `${op} ${n}`).join(', ')}.`);
  out.push('');
  return out;
}

// The run's cost in the Markdown and HTML reports; tier-left-out tests in the claim status.
import { describe, expect, test } from 'vitest';
import { buildComplianceReport } from '../../reporters/build-report.ts';
import { renderHtml } from '../../reporters/render-html.ts';
import { renderMarkdown } from '../../reporters/render-markdown.ts';
import { emptyUsage } from '../../spec/usage.ts';
import { CLAIMS, FINISHED, record, STARTED } from './__test-helpers__/records.ts';

const usage = (apiCalls: number, sessionSeconds: number) => ({ ...emptyUsage(), apiCalls, attempts: apiCalls + 1, throttled: 1, sessionSeconds, bytesWritten: 4096, byOperation: { InvokeAgentRuntimeCommand: apiCalls } });

const model = buildComplianceReport({
  claims: CLAIMS,
  target: { name: 'emulator', region: null, runtimeArn: null },
  startedAt: STARTED,
  finishedAt: FINISHED,
  runId: 'run-u',
  tier: 'standard',
  setupUsage: usage(2, 0),
  tests: [
    record({ name: 'cheap', claims: ['life/first-empty'], usage: usage(3, 1.5) }),
    record({ name: 'dear', claims: ['life/first-empty'], usage: usage(10, 20) }),
    record({ name: 'heavy', claims: ['life/first-empty'], state: 'skipped', notSelected: "not in tier 'standard'", tier: 'full' }),
  ],
});

describe('usage in the report', () => {
  test('run totals are the tests plus the setup; a test the tier left out does not make its claim not-run', () => {
    expect(model.usage).toMatchObject({ apiCalls: 15, attempts: 18, throttled: 3, sessionSeconds: 21.5, byOperation: { InvokeAgentRuntimeCommand: 15 } });
    expect(model.tier).toBe('standard');
    expect(model.claims.find((c) => c.id === 'life/first-empty')?.status).toBe('pass');
    const heavy = model.claims.flatMap((c) => c.tests).find((t) => t.name === 'heavy');
    expect(heavy).toMatchObject({ status: 'not-run', reason: "not in tier 'standard'", notSelected: true, tier: 'full' });
  });
  test('Markdown: a Cost section, the run first, then the costliest tests', () => {
    const md = renderMarkdown(model);
    expect(md).toContain('## Cost');
    expect(md).toMatch(/\| \*\*run\*\* \| 15 \| 3 \| 3 \| 21\.5 \| 12288 \|\n\| dear \| 10 \| 1 \| 1 \| 20\.0 \| 4096 \|\n\| cheap \|/);
    expect(md).toContain('Calls by operation: InvokeAgentRuntimeCommand 15.');
  });
  test('HTML: the run cost in the header', () => {
    expect(renderHtml(model)).toContain('15 API calls (3 retries, 3 throttled), 21.5 session-seconds, 12288 bytes written');
  });
});

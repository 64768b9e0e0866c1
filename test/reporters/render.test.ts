import { describe, expect, test } from 'vitest';
import { buildComplianceReport } from '../../reporters/build-report.ts';
import { renderConsoleSummary } from '../../reporters/render-console.ts';
import { renderJson } from '../../reporters/render-json.ts';
import { escapeCell, renderMarkdown } from '../../reporters/render-markdown.ts';
import { CLAIMS, FINISHED, record, STARTED } from './__test-helpers__/records.ts';

const model = buildComplianceReport({
  claims: CLAIMS,
  target: { name: 'agentcore', region: 'us-east-1', runtimeArn: 'arn:aws:bedrock-agentcore:us-east-1:********9012:runtime/x' },
  startedAt: STARTED,
  finishedAt: FINISHED,
  runId: 'run-1',
  tests: [
    record({ name: 'lifecycle > empty at first', claims: ['life/first-empty'], observations: [{ name: 'entries', value: 0 }] }),
    record({ name: 'echo | pipes', file: 'suites/config.test.ts', claims: ['cfg/get-echoes'], state: 'failed', error: 'expected a\nto be b' }),
    record({ name: 'expiry', claims: ['life/idle-expiry-14d'], state: 'skipped', durationMs: null, skipNote: 'needs 14 days' }),
    record({ name: 'typo', claims: ['life/frist-empty'] }),
  ],
});

describe('renderJson', () => {
  test('round-trips the model and ends with a newline', () => {
    const text = renderJson(model);
    expect(JSON.parse(text)).toEqual(model);
    expect(text.endsWith('}\n')).toBe(true);
  });
});

describe('renderConsoleSummary', () => {
  const lines = renderConsoleSummary(model).trimEnd().split('\n');

  test('a header naming the target, one line per claim (symbol, status, id, test count), then totals', () => {
    expect(lines[0]).toBe('Session storage compliance · agentcore · us-east-1 · arn:aws:bedrock-agentcore:us-east-1:********9012:runtime/x');
    expect(lines.slice(1, -1)).toEqual([
      '  ✗ fail                 cfg/get-echoes            1 test',
      '  ✓ pass                 life/first-empty          1 test',
      '  ↓ skipped-environment  life/idle-expiry-14d      1 test  (needs 14 days)',
      '  · not-covered          ops/locks-within-session  0 tests',
      '  ? unknown              life/frist-empty          1 test',
    ]);
    expect(lines.at(-1)).toBe('4 claims: 1 pass, 1 fail, 1 skipped-environment, 1 not-covered · 4 tests · 1 unknown claim id · NOT OK');
  });

  test('an all-green run ends with OK', () => {
    const green = buildComplianceReport({
      claims: CLAIMS.slice(0, 1), target: { name: 'emulator', region: null, runtimeArn: null }, startedAt: STARTED, finishedAt: FINISHED, runId: 'r',
      tests: [record({ name: 'a', claims: ['life/first-empty'] })],
    });
    expect(renderConsoleSummary(green)).toBe('Session storage compliance · emulator\n  ✓ pass  life/first-empty  1 test\n1 claim: 1 pass · 1 test · OK\n');
  });
});

describe('renderMarkdown', () => {
  const md = renderMarkdown(model);
  const lines = md.split('\n');

  test('header with result, target and run', () => {
    expect(lines).toContain('# Session storage compliance report');
    expect(lines).toContain('- **Result:** NOT OK');
    expect(lines).toContain('- **Target:** agentcore · us-east-1 · arn:aws:bedrock-agentcore:us-east-1:********9012:runtime/x');
    expect(lines).toContain('- **Run:** `run-1`, 2026-04-01T10:00:00.000Z → 2026-04-01T10:00:05.250Z (5250 ms)');
  });

  test('a claim × status table with the tests behind each claim, cells escaped', () => {
    expect(lines).toContain('| claim | level | status | tests |');
    expect(lines).toContain('| `cfg/get-echoes` | MUST | ❌ fail | ❌ echo \\| pipes (suites/config.test.ts) |');
    expect(lines).toContain('| `life/first-empty` | MUST | ✅ pass | ✅ lifecycle > empty at first (suites/lifecycle.test.ts) |');
    expect(lines).toContain('| `life/idle-expiry-14d` | MUST | ⏭️ skipped (environment) | ⏭️ expiry (suites/lifecycle.test.ts): needs 14 days |');
    expect(lines).toContain('| `ops/locks-within-session` | OBSERVE | ⬜ not covered | — |');
  });

  test('summary counts', () => {
    expect(lines).toContain('| ✅ pass | 1 |');
    expect(lines).toContain('| ⬜ not covered | 1 |');
    expect(lines).toContain('| **total** | **4** |');
  });

  test('failures show the first line of the error', () => {
    expect(md).toContain('## Failures\n\n### cfg/get-echoes\n\n> GetAgentRuntime MUST echo it.\n\n- ❌ fail: echo | pipes (`suites/config.test.ts`): expected a\n');
  });

  test('observations are listed', () => {
    expect(lines).toContain('| `life/first-empty` | lifecycle > empty at first | entries | 0 |');
  });

  test('a section lists the claims no test covers', () => {
    const section = md.slice(md.indexOf('## Not covered'));
    expect(section).toContain('1 claim with no test in this run:');
    expect(section).toContain('- `ops/locks-within-session` (OBSERVE): The suite MAY observe locks.');
  });

  test('unknown claim ids get their own section', () => {
    expect(md).toContain('## Unknown claim ids');
    expect(lines).toContain('- `life/frist-empty`: typo (`suites/lifecycle.test.ts`)');
  });
});

describe('escapeCell', () => {
  test('escapes pipes and backslashes and flattens line breaks', () => {
    expect(escapeCell('a|b\\c\r\nd\ne')).toBe('a\\|b\\\\c<br>d<br>e');
  });
});

// `ssc report merge`: real process, real files.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, test } from 'vitest';
import type { ComplianceMatrix } from '../../reporters/merge-reports.ts';
import { renderJson } from '../../reporters/render-json.ts';
import { allStatusesReport } from '../reporters/__test-helpers__/all-statuses.ts';

const SSC = fileURLToPath(new URL('../../bin/ssc.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ssc-merge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string): string => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const ssc = (...args: string[]) => execa('node', [SSC, ...args], { reject: false });

describe('ssc report merge', () => {
  const a = allStatusesReport();
  const emulatorFile = write('emulator.json', renderJson(a));
  const agentcoreFile = write('agentcore.json', renderJson({ ...a, target: { name: 'agentcore', region: 'us-east-1', runtimeArn: null }, profile: { ...a.profile!, name: 'agentcore' }, ok: true }));

  test('writes merged JSON, Markdown and HTML: claims × targets', async () => {
    const out = join(dir, 'out');
    const r = await ssc('report', 'merge', emulatorFile, agentcoreFile, '--out', out);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Merged 2 report(s), 10 claims × 2 column(s)');
    const matrix = JSON.parse(readFileSync(join(out, 'compliance-matrix.json'), 'utf8')) as ComplianceMatrix;
    expect(matrix.columns.map((c) => c.key)).toEqual(['emulator/emulator', 'agentcore/agentcore']);
    expect(matrix.claims.find((c) => c.id === 'cfg/fail')?.results).toMatchObject({ 'emulator/emulator': { status: 'fail' } });
    expect(matrix.ok).toBe(false);
    expect(readFileSync(join(out, 'compliance-matrix.md'), 'utf8')).toContain('| `cfg/xpass` | MUST | ‼️ xpass<br>expected to fail: issue 2 | ‼️ xpass<br>expected to fail: issue 2 |');
    expect(readFileSync(join(out, 'compliance-matrix.html'), 'utf8')).toContain('<table id="matrix">');
  });

  test('two runs of the same target and profile get distinct columns', async () => {
    const out = join(dir, 'same');
    const second = write('second.json', renderJson({ ...a, runId: 'run-2' }));
    expect((await ssc('report', 'merge', emulatorFile, second, '--out', out)).exitCode).toBe(0);
    const matrix = JSON.parse(readFileSync(join(out, 'compliance-matrix.json'), 'utf8')) as ComplianceMatrix;
    expect(matrix.columns.map((c) => c.key)).toEqual(['emulator/emulator@run-all', 'emulator/emulator@run-2']);
  });

  test('ssc matrix --expect adds a column of what a profile promises, without a run', async () => {
    const out = join(dir, 'expected');
    const r = await ssc('matrix', emulatorFile, '--expect', 'agentcore', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const matrix = JSON.parse(readFileSync(join(out, 'compliance-matrix.json'), 'utf8')) as ComplianceMatrix;
    expect(matrix.columns.map((c) => [c.key, c.expectation ?? false])).toEqual([['emulator/emulator', false], ['agentcore/agentcore (expected)', true]]);
    const expected = (id: string) => matrix.claims.find((c) => c.id === id)?.results['agentcore/agentcore (expected)'];
    expect(expected('life/idle-expiry-14d')).toEqual({ status: 'not-verifiable-on-target', reason: 'needs 14 days; use the canary mode', tests: 0 });
    expect(expected('life/persist-stop-resume')).toMatchObject({ status: 'pass', tests: 0 });
    expect(readFileSync(join(out, 'compliance-matrix.md'), 'utf8')).toMatch(/\| `life\/persist-stop-resume` \| MUST \| .* \| ✅ promised \|/);
    const bad = await ssc('matrix', emulatorFile, '--expect', 'no-such-profile');
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/no-such-profile\.yaml: invalid target profile .*cannot read the profile: ENOENT/s);
  });

  test.for([
    [['report', 'merge', '/nonexistent/a.json'], 1, /ssc report: cannot read \/nonexistent\/a.json: ENOENT/],
    [['report', 'merge', 'BAD_JSON'], 1, /ssc report: .*bad.json is not valid JSON/],
    [['report', 'merge', 'OLD_VERSION'], 1, /ssc report: .*old.json is not a compliance report: unsupported schemaVersion 1 \(this tool reads version 2\)/],
    [['report', 'merge', 'NOT_REPORT'], 1, /ssc report: .*other.json is not a compliance report: \/: must have required property 'runId'/],
    [['report', 'merge'], 2, /merge needs at least one compliance.json file/],
    [['report', 'squash', 'x.json'], 2, /unknown subcommand 'squash' \(valid: merge, compare\)/],
    [['report', 'merge', 'x.json', '--bogus'], 2, /Unknown option '--bogus'/],
  ] as const)('bad input %j → exit %i with a clear message', async ([args, code, message]) => {
    const files: Record<string, string> = {
      BAD_JSON: write('bad.json', '{ not json'),
      OLD_VERSION: write('old.json', JSON.stringify({ schemaVersion: 1, claims: [] })),
      NOT_REPORT: write('other.json', JSON.stringify({ schemaVersion: 2 })),
    };
    const r = await ssc(...args.map((arg) => files[arg] ?? arg));
    expect(r.exitCode).toBe(code);
    expect(r.stderr).toMatch(message);
  });
});

describe('ssc report compare', () => {
  const a = allStatusesReport();
  const held = a.claims.find((c) => c.status === 'pass')!;
  const baseline = write('baseline.json', renderJson(a));
  const tonight = write('tonight.json', renderJson({ ...a, claims: a.claims.map((c) => (c.id === held.id ? { ...c, status: 'fail' as const } : c)) }));

  test('exits 1 and names the claim that held last time and fails now', async () => {
    const r = await ssc('report', 'compare', baseline, tonight);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain(`Regressions:\n  ${held.id}: pass → fail`);
  });
  test('exits 0 when nothing regressed', async () => {
    const r = await ssc('report', 'compare', baseline, baseline);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('No change in claim statuses.');
  });
  test('needs exactly two reports', async () => {
    const r = await ssc('report', 'compare', baseline);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('compare needs exactly two files');
  });
});

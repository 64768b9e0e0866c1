import { describe, expect, test } from 'vitest';
import { buildComplianceReport, compareBytes, type TestRecord } from '../../reporters/build-report.ts';
import { CLAIMS, FINISHED, record, STARTED, TARGET } from './__test-helpers__/records.ts';

function build(tests: readonly TestRecord[], unhandledErrors = 0) {
  return buildComplianceReport({ tests, claims: CLAIMS, target: TARGET, startedAt: STARTED, finishedAt: FINISHED, runId: 'run-1', unhandledErrors });
}

function statusOf(tests: readonly TestRecord[], id: string) {
  return build(tests).claims.find((claim) => claim.id === id)?.status;
}

describe('buildComplianceReport', () => {
  test('all tests passed → pass', () => {
    const tests = [record({ name: 'a', claims: ['life/first-empty'] }), record({ name: 'b', claims: ['life/first-empty'] })];
    expect(statusOf(tests, 'life/first-empty')).toBe('pass');
  });

  test('one failed test → fail, and the report is not ok', () => {
    const tests = [
      record({ name: 'a', claims: ['cfg/get-echoes'] }),
      record({ name: 'b', claims: ['cfg/get-echoes'], state: 'failed', error: 'expected 1 to be 2' }),
    ];
    const model = build(tests);
    const claim = model.claims.find((c) => c.id === 'cfg/get-echoes');
    expect(claim?.status).toBe('fail');
    expect(claim?.tests.find((t) => t.name === 'b')?.error).toBe('expected 1 to be 2');
    expect(model.ok).toBe(false);
    expect(model.summary.statuses.fail).toBe(1);
  });

  test('a test skipped without a reason → not-run; with a note → skipped-environment', () => {
    const bare = [record({ name: 'a', claims: ['life/idle-expiry-14d'], state: 'skipped', durationMs: null })];
    expect(statusOf(bare, 'life/idle-expiry-14d')).toBe('not-run');
    const noted = [record({ name: 'a', claims: ['life/idle-expiry-14d'], state: 'skipped', durationMs: null, skipNote: 'needs SSC_ROLE_ARN' })];
    expect(build(noted).claims.find((c) => c.id === 'life/idle-expiry-14d')).toMatchObject({ status: 'skipped-environment', reason: 'needs SSC_ROLE_ARN' });
  });

  test('a claim no test names but the profile lists as not verifiable → not-verifiable-on-target with the reason', () => {
    const model = buildComplianceReport({
      tests: [record({ name: 'a', claims: ['life/first-empty'] })], claims: CLAIMS, target: TARGET, startedAt: STARTED, finishedAt: FINISHED,
      runId: 'r', notVerifiable: { 'life/idle-expiry-14d': 'needs 14 days' },
    });
    expect(model.claims.find((c) => c.id === 'life/idle-expiry-14d')).toMatchObject({ status: 'not-verifiable-on-target', reason: 'needs 14 days' });
    expect(model.ok).toBe(true);
  });

  test('an expected failure that passes (xpass) makes the report not ok; one that fails (xfail) does not', () => {
    const xpass = build([record({ name: 'a', claims: ['life/first-empty'], state: 'failed', expectedFailure: 'bug #1' })]);
    expect(xpass.claims.find((c) => c.id === 'life/first-empty')?.status).toBe('xpass');
    expect(xpass.ok).toBe(false);
    const xfail = build([record({ name: 'a', claims: ['life/first-empty'], state: 'passed', expectedFailure: 'bug #1' })]);
    expect(xfail.claims.find((c) => c.id === 'life/first-empty')).toMatchObject({ status: 'xfail', reason: 'bug #1' });
    expect(xfail.ok).toBe(true);
  });

  test('reruns: a pass after retries is flaky and the reruns are counted', () => {
    const model = build([record({ name: 'a', claims: ['life/first-empty'], retryCount: 2 })]);
    expect(model.claims.find((c) => c.id === 'life/first-empty')).toMatchObject({ status: 'flaky', reason: 'passed after 2 reruns' });
    expect(model.summary.reruns).toBe(2);
  });

  test('observations with a declared value that differs are drift, even in a passing test', () => {
    const model = build([record({
      name: 'a', claims: ['cfg/get-echoes'], unsupported: { op: 'hardLink', errno: 'EPERM' },
      observations: [{ name: 'errno', value: 'EPERM', expected: ['EPERM', 'ENOTSUPP'] }, { name: 'nameMax', value: 254, expected: 255 }],
    })]);
    const claim = model.claims.find((c) => c.id === 'cfg/get-echoes');
    expect(claim).toMatchObject({ status: 'unsupported-as-documented', reason: 'hardLink: EPERM' });
    expect(claim?.evidence.drift).toEqual([{ test: 'a', name: 'nameMax', observed: 254, declared: 255 }]);
    expect(model.summary.drift).toBe(1);
  });

  test('no test → not-covered', () => {
    const model = build([record({ name: 'a', claims: ['life/first-empty'] })]);
    expect(model.claims.filter((c) => c.status === 'not-covered').map((c) => c.id)).toEqual([
      'cfg/get-echoes', 'life/idle-expiry-14d', 'ops/locks-within-session',
    ]);
    expect(model.summary.statuses['not-covered']).toBe(3);
    expect(model.ok).toBe(true);
  });

  test('an unknown claim id is listed under unknownClaims and makes the report not ok', () => {
    const model = build([
      record({ name: 'typo', claims: ['life/first-empty', 'life/frist-empty'] }),
      record({ name: 'other', file: 'suites/a.test.ts', claims: ['life/frist-empty'], state: 'skipped' }),
    ]);
    expect(model.unknownClaims).toEqual([
      {
        id: 'life/frist-empty',
        tests: [
          { name: 'other', file: 'suites/a.test.ts', state: 'skipped' },
          { name: 'typo', file: 'suites/lifecycle.test.ts', state: 'passed' },
        ],
      },
    ]);
    expect(model.claims.find((c) => c.id === 'life/first-empty')?.status).toBe('pass');
    expect(model.summary.unknownClaims).toBe(1);
    expect(model.ok).toBe(false);
  });

  test('unhandled errors make the report not ok', () => {
    const model = build([record({ name: 'a', claims: ['life/first-empty'] })], 2);
    expect(model.summary.unhandledErrors).toBe(2);
    expect(model.ok).toBe(false);
  });

  test('tests without claims are ignored; repeated ids in one test count once', () => {
    const model = build([
      record({ name: 'plain unit test', claims: [] }),
      record({ name: 'twice', claims: ['life/first-empty', 'life/first-empty'] }),
    ]);
    expect(model.summary.tests).toBe(1);
    expect(model.claims.find((c) => c.id === 'life/first-empty')?.tests).toHaveLength(1);
  });

  test('one test can cover several claims; observations are carried through', () => {
    const model = build([
      record({ name: 'both', claims: ['life/first-empty', 'ops/locks-within-session'], observations: [{ name: 'flock', value: 'works' }] }),
    ]);
    expect(model.claims.find((c) => c.id === 'ops/locks-within-session')).toMatchObject({
      level: 'OBSERVE',
      status: 'pass',
      tests: [{ name: 'both', observations: [{ name: 'flock', value: 'works' }] }],
      evidence: { observations: [{ test: 'both', name: 'flock', value: 'works' }], drift: [] },
    });
  });

  test('header fields: version, run id, ISO times, duration, target, summary', () => {
    const model = build([record({ name: 'a', claims: ['life/first-empty'] })]);
    expect(model).toMatchObject({
      schemaVersion: 2,
      runId: 'run-1',
      startedAt: '2026-04-01T10:00:00.000Z',
      finishedAt: '2026-04-01T10:00:05.250Z',
      durationMs: 5250,
      target: TARGET,
      ok: true,
      seed: null,
      profile: null,
      summary: { claims: 4, tests: 1, reruns: 0, drift: 0, unknownClaims: 0, unhandledErrors: 0 },
    });
  });

  test('claims and tests are sorted by byte order, whatever the input order', () => {
    const tests = [
      record({ name: 'b', file: 'suites/z.test.ts', claims: ['life/first-empty'] }),
      record({ name: 'B', file: 'suites/z.test.ts', claims: ['life/first-empty'] }),
      record({ name: 'a', file: 'suites/z.test.ts', claims: ['life/first-empty'] }),
      record({ name: 'z', file: 'suites/a.test.ts', claims: ['life/first-empty'] }),
    ];
    const model = build(tests);
    expect(model.claims.map((c) => c.id)).toEqual(['cfg/get-echoes', 'life/first-empty', 'life/idle-expiry-14d', 'ops/locks-within-session']);
    expect(model.claims[1]?.tests.map((t) => `${t.file}:${t.name}`)).toEqual([
      'suites/a.test.ts:z', 'suites/z.test.ts:B', 'suites/z.test.ts:a', 'suites/z.test.ts:b',
    ]);
    expect(JSON.stringify(build([...tests].reverse()))).toBe(JSON.stringify(model));
  });
});

describe('compareBytes', () => {
  test('orders by UTF-8 bytes, not locale', () => {
    expect(['b', 'a', 'B', 'é', 'z', 'ab'].sort(compareBytes)).toEqual(['B', 'a', 'ab', 'b', 'z', 'é']);
    expect(compareBytes('same', 'same')).toBe(0);
    // U+FF5E sorts before U+1F600 in UTF-8, unlike in UTF-16 code units.
    expect(compareBytes('\uFF5E', '\u{1F600}')).toBe(-1);
  });
});

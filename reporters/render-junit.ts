// reports/junit.xml for CI: one <testsuite> per test file, one <testcase> per test carrying its claim ids, status and
// reason as <properties>. fail/xpass → <failure>; skipped, not verifiable, not run and xfail → <skipped message>;
// flaky passes with a `reruns` property. Ordered by byte comparison so output is identical across machines. Pure.
import { compareBytes } from './build-report.ts';
import type { ComplianceReport, ReportTest } from './report-model.ts';

/** Escapes text for XML, dropping characters XML 1.0 cannot carry. */
function escapeXml(value: string): string {
  return value
    // eslint-disable-next-line no-control-regex
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function writeElement(name: string, attrs: Record<string, string | number | undefined>, children: readonly string[] = []): string {
  const pairs = Object.entries(attrs).filter(([, v]) => v !== undefined).map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`).join('');
  return children.length === 0 ? `<${name}${pairs}/>` : `<${name}${pairs}>${children.join('')}</${name}>`;
}

const seconds = (ms: number | null): string => ((ms ?? 0) / 1000).toFixed(3);

function testCase(test: ReportTest): string {
  const properties = [
    ...test.claims.map((id) => writeElement('property', { name: 'claim', value: id })),
    writeElement('property', { name: 'status', value: test.status }),
    ...(test.reason !== undefined ? [writeElement('property', { name: 'reason', value: test.reason })] : []),
    ...(test.retryCount > 0 ? [writeElement('property', { name: 'reruns', value: test.retryCount })] : []),
    ...test.observations.map((o) => writeElement('property', { name: `observed.${o.name}`, value: JSON.stringify(o.value) })),
    // What the test cost on the target (spec/usage.ts), for CI dashboards.
    ...(test.usage
      ? (['apiCalls', 'attempts', 'throttled', 'sessionSeconds', 'bytesWritten'] as const).map((k) => writeElement('property', { name: `usage.${k}`, value: test.usage![k] }))
      : []),
  ];
  const children = [writeElement('properties', {}, properties)];
  if (test.status === 'fail' || test.status === 'xpass') {
    const message = test.status === 'xpass' ? `unexpected pass: ${test.reason ?? ''}` : (test.error ?? 'failed');
    children.push(writeElement('failure', { message, type: test.status }, [escapeXml(test.error ?? message)]));
  } else if (['skipped-environment', 'not-verifiable-on-target', 'not-run', 'xfail'].includes(test.status)) {
    children.push(writeElement('skipped', { message: `${test.status}${test.reason ? `: ${test.reason}` : ''}` }));
  }
  return writeElement('testcase', { classname: test.file, name: test.name, time: seconds(test.durationMs) }, children);
}

/** Every test of the report once (a test naming several claims appears under each of them in the model). */
function uniqueTests(model: ComplianceReport): ReportTest[] {
  const byKey = new Map<string, ReportTest>();
  for (const claim of model.claims) for (const test of claim.tests) byKey.set(`${test.file}\u0000${test.name}`, test);
  return [...byKey.values()].sort((a, b) => compareBytes(a.file, b.file) || compareBytes(a.name, b.name));
}

export function renderJunit(model: ComplianceReport): string {
  const tests = uniqueTests(model);
  const files = [...new Set(tests.map((t) => t.file))];
  const count = (list: ReportTest[], statuses: string[]) => list.filter((t) => statuses.includes(t.status)).length;
  const FAIL = ['fail', 'xpass'];
  const SKIP = ['skipped-environment', 'not-verifiable-on-target', 'not-run', 'xfail'];
  const runProperties = writeElement('properties', {}, [
    writeElement('property', { name: 'target', value: model.target.name }),
    writeElement('property', { name: 'profile', value: model.profile?.name ?? 'none' }),
    writeElement('property', { name: 'profile.sha256', value: model.profile?.sha256 ?? '' }),
    writeElement('property', { name: 'suite.version', value: model.suite.version }),
    writeElement('property', { name: 'runId', value: model.runId }),
    ...(model.seed !== null ? [writeElement('property', { name: 'seed', value: model.seed })] : []),
  ]);
  const suites = files.map((file) => {
    const inFile = tests.filter((t) => t.file === file);
    return writeElement('testsuite', {
      name: file,
      tests: inFile.length,
      failures: count(inFile, FAIL),
      errors: 0,
      skipped: count(inFile, SKIP),
      time: seconds(inFile.reduce((n, t) => n + (t.durationMs ?? 0), 0)),
    }, [runProperties, ...inFile.map(testCase)]);
  });
  const root = writeElement('testsuites', {
    name: 'session-storage-conformance',
    tests: tests.length,
    failures: count(tests, FAIL),
    errors: 0,
    skipped: count(tests, SKIP),
    time: seconds(model.durationMs),
  }, suites);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;
}

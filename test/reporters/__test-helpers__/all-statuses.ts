// A report with one claim per status, for the renderer and browser tests.
import { buildComplianceReport } from '../../../reporters/build-report.ts';
import type { Claim } from '../../../spec/claims.ts';
import { FINISHED, record, STARTED } from './records.ts';

const claim = (id: string): Claim => ({ id, area: id.split('/')[0] as Claim['area'], text: `${id} MUST hold.`, level: 'MUST', source: { document: 'blog', quote: 'q <b>' } });

export const ALL_STATUS_CLAIMS: readonly Claim[] = [
  'cfg/pass', 'cfg/fail', 'ops/unsupported', 'life/not-verifiable', 'life/skipped-env', 'cfg/xfail', 'cfg/xpass', 'life/flaky', 'life/not-run', 'limits/not-covered',
].map(claim);

export const allStatusesReport = () => buildComplianceReport({
  claims: ALL_STATUS_CLAIMS,
  target: { name: 'emulator', region: 'us-east-1', runtimeArn: null },
  startedAt: STARTED,
  finishedAt: FINISHED,
  runId: 'run-all',
  profile: { name: 'emulator', file: 'spec/profiles/emulator.yaml', sha256: 'a'.repeat(64) },
  suite: { name: 'session-storage-conformance', version: '0.1.0' },
  sdk: { '@aws-sdk/client-bedrock-agentcore': '3.0.0' },
  seed: '42',
  tests: [
    record({ name: 'passes <script>alert(1)</script>', claims: ['cfg/pass'], observations: [{ name: 'nameMax', value: 254, expected: 255 }] }),
    record({ name: 'fails', claims: ['cfg/fail'], state: 'failed', error: 'expected "a" & <b>' }),
    record({ name: 'refused', claims: ['ops/unsupported'], unsupported: { op: 'hardLink', errno: 'ENOTSUPP' } }),
    record({ name: 'nv', claims: ['life/not-verifiable'], state: 'skipped', durationMs: null, notVerifiable: 'needs 14 days' }),
    record({ name: 'env', claims: ['life/skipped-env'], state: 'skipped', durationMs: null, skipNote: 'needs SSC_ROLE_ARN' }),
    record({ name: 'xf', claims: ['cfg/xfail'], expectedFailure: 'issue 1' }),
    record({ name: 'xp', claims: ['cfg/xpass'], state: 'failed', expectedFailure: 'issue 2' }),
    record({ name: 'fl', claims: ['life/flaky'], retryCount: 1 }),
    record({ name: 'nr', claims: ['life/not-run'], state: 'pending', durationMs: null }),
  ],
});

// Meta-test: the conformance suites must fail against a broken target, on the claim that is broken. Each deviation
// starts the emulator with one deliberate defect, runs the suite in a child vitest, and reads the compliance report.
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEVIATIONS, type Deviation } from '../../emulator/deviations.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface ClaimResult {
  id: string;
  status: string;
}

async function runSuiteAgainst(deviation: Deviation, suite: readonly string[]): Promise<{ claims: ClaimResult[]; exitCode: number | undefined }> {
  const reportDir = await mkdtemp(join(tmpdir(), `ssc-meta-${deviation}-`));
  try {
    const r = await execa('npx', ['vitest', 'run', '--project', 'conformance', ...suite, '--reporter=./reporters/claims-reporter.ts'], {
      cwd: ROOT,
      reject: false,
      env: { SSC_TARGET: 'emulator', SSC_EMULATOR_DEVIATIONS: deviation, SSC_REPORT_DIR: reportDir },
    });
    const report = JSON.parse(await readFile(join(reportDir, 'compliance.json'), 'utf8')) as { claims: ClaimResult[] };
    return { claims: report.claims, exitCode: r.exitCode };
  } finally {
    await rm(reportDir, { recursive: true, force: true });
  }
}

const SUITE_OF: Record<string, string> = { life: 'suites/lifecycle.test.ts', api: 'suites/lifecycle.test.ts', cfg: 'suites/config.test.ts' };
/** Restore defects the lifecycle suite's fixed tree does not exercise: the property suite's corpus (replayed first)
 * catches them; test/meta/properties-shrink.test.ts shows the generated cases find and shrink them too. */
const SUITE_OF_DEVIATION: Partial<Record<Deviation, readonly string[]>> = {
  'drop-dotfiles-on-resume': ['suites/properties.test.ts', '-t', 'regression corpus'],
  'truncate-large-files-on-resume': ['suites/properties.test.ts', '-t', 'regression corpus'],
};

describe('the suites catch every deliberate defect of the emulator', () => {
  const cases = Object.entries(DEVIATIONS).map(([deviation, { breaks }]) => [deviation, breaks] as const);
  it.concurrent.each(cases)('%s → %s fails', { timeout: 240_000 }, async (deviation, breaks) => {
    const suite = SUITE_OF_DEVIATION[deviation as Deviation] ?? [SUITE_OF[breaks.split('/')[0]!]!];
    const { claims, exitCode } = await runSuiteAgainst(deviation as Deviation, suite);
    expect(exitCode).not.toBe(0);
    expect(claims.find((c) => c.id === breaks)?.status).toBe('fail');
  });
});

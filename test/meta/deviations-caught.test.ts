// Meta-test: the conformance suites must fail against a broken target, on the claim that is broken. Each deviation
// starts the emulator with one deliberate defect, runs the suite in a child vitest, and reads the compliance report.
import { describe, expect, it } from 'vitest';
import { DEVIATIONS, type Deviation } from '../../emulator/deviations.ts';
import { runSuites } from './__test-helpers__/run-suite.ts';

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
    const { claims, exitCode } = await runSuites(suite, { SSC_EMULATOR_DEVIATIONS: deviation });
    expect(exitCode).not.toBe(0);
    expect(claims.find((c) => c.id === breaks)?.status).toBe('fail');
  });
});

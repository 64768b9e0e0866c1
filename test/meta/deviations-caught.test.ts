// Meta-test: the conformance suites must fail against a broken target, on the claim that is broken. For each
// deliberate defect of the emulator (emulator/deviations.ts) a child vitest starts an emulator with that one defect,
// runs the tests named in deviation-cases.ts, and the compliance report must show the deviation's claim failing.
// The detection rate (caught / total) is printed at the end; the README quotes it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVIATIONS, type Deviation } from '../../emulator/deviations.ts';
import { DETECTION_CASES } from './deviation-cases.ts';
import { runSuites, statusOf, type SuiteRun } from './__test-helpers__/run-suite.ts';

/** Child runs at a time: each is a vitest with its own emulator, on a 2-core machine shared with other tests. */
const PARALLEL = 3;
const deviations = Object.keys(DEVIATIONS) as Deviation[];
const runs = new Map<Deviation, SuiteRun<undefined> | Error>();

async function runAll(): Promise<void> {
  const queue = [...deviations];
  const worker = async (): Promise<void> => {
    for (let d = queue.shift(); d; d = queue.shift()) {
      const { suite, tests } = DETECTION_CASES[d];
      runs.set(d, await runSuites([suite, '-t', tests], { SSC_EMULATOR_DEVIATIONS: d }).catch((e: unknown) => e as Error));
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
}

const caught = (d: Deviation): boolean => {
  const run = runs.get(d);
  return !!run && !(run instanceof Error) && run.exitCode !== 0 && statusOf(run.claims, DEVIATIONS[d].breaks) === 'fail';
};

describe('the suites catch every deliberate defect of the emulator', () => {
  beforeAll(runAll, 600_000);

  afterAll(() => {
    const n = deviations.filter(caught).length;
    console.log(`deviation detection rate: ${n}/${deviations.length} (${Math.round((100 * n) / deviations.length)}%)`);
  });

  it.each(deviations.map((d) => [d, DEVIATIONS[d].breaks]))('%s → %s fails', (d, breaks) => {
    const run = runs.get(d as Deviation);
    if (run instanceof Error) throw run;
    expect(run, 'the child run did not finish').toBeDefined();
    expect(statusOf(run!.claims, breaks), run!.output.slice(-3000)).toBe('fail');
    expect(run!.exitCode).not.toBe(0);
  });
});

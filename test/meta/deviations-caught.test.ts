// Meta-test: the conformance suites must fail against a broken target, on the claim that is broken. For each
// deliberate defect of the emulator (emulator/deviations.ts) a child vitest starts an emulator with that defect (or
// the few of a group whose attribution stays exact), runs the tests named in deviation-cases.ts, and the compliance
// report must show the deviation's claim failing.
// The detection rate (caught / total) is printed at the end; the README quotes it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVIATIONS, type Deviation } from '../../emulator/deviations.ts';
import { DETECTION_CASES, DETECTION_GROUPS } from './deviation-cases.ts';
import { runSuites, statusOf, type SuiteRun } from './__test-helpers__/run-suite.ts';

/** Child runs at a time: each is a vitest with its own emulator, on a 2-core machine shared with other tests. */
const PARALLEL = 3;
const deviations = Object.keys(DEVIATIONS) as Deviation[];
const runs = new Map<Deviation, SuiteRun<undefined> | Error>();

/** One child run per group (deviation-cases.ts), one per deviation otherwise. */
function plannedRuns(): Deviation[][] {
  const grouped = new Set(DETECTION_GROUPS.flat());
  return [...DETECTION_GROUPS.map((g) => [...g]), ...deviations.filter((d) => !grouped.has(d)).map((d) => [d])];
}

async function runAll(): Promise<void> {
  const queue = plannedRuns();
  const worker = async (): Promise<void> => {
    for (let group = queue.shift(); group; group = queue.shift()) {
      const cases = group.map((d) => DETECTION_CASES[d]);
      const args = [...new Set(cases.map((c) => c.suite)), '-t', cases.map((c) => c.tests).join('|')];
      const run = await runSuites(args, { SSC_EMULATOR_DEVIATIONS: group.join(',') }).catch((e: unknown) => e as Error);
      for (const d of group) runs.set(d, run);
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

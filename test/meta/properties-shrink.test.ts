// Meta-test: the property suite finds a seeded defect of the emulator AND shrinks it to a minimal reproducer.
// Each deviation runs one property in a child vitest (fixed seed, so the run is reproducible); the test then reads
// the compliance report (the claim fails) and the counterexample op log the property wrote (it is minimal).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentSize } from '../../fixtures/content.ts';
import type { Op } from '../../fixtures/model/operations.ts';
import { slugOf } from '../../fixtures/replay/counterexample.ts';
import { parseOpLog } from '../../fixtures/replay/op-log.ts';
import type { Deviation } from '../../emulator/deviations.ts';
import { runSuites, statusOf } from './__test-helpers__/run-suite.ts';

const PROPERTY = 'a random tree survives stop/resume unchanged';
// A seed whose first case already holds both a dot-named entry and a file over 1 MiB (the emulator is slow: keep runs few).
const SEED = 4;
const MiB = 1024 * 1024;

interface ShrinkRun {
  exitCode: number | undefined;
  claimStatus: string | undefined;
  ops: Op[];
  output: string;
}

async function runPropertyAgainst(deviation: Deviation): Promise<ShrinkRun> {
  const counterexample = join('counterexamples', slugOf(PROPERTY));
  const run = await runSuites(
    ['suites/properties.test.ts', '-t', PROPERTY],
    { SSC_EMULATOR_DEVIATIONS: deviation, SSC_SEED: String(SEED), SSC_NUM_RUNS: '10' },
    async (reportDir) => {
      const log = parseOpLog(await readFile(join(reportDir, `${counterexample}.json`), 'utf8'));
      // The shell script is written beside it.
      await readFile(join(reportDir, `${counterexample}.sh`), 'utf8');
      return log.ops;
    },
  );
  return { exitCode: run.exitCode, claimStatus: statusOf(run.claims, 'life/persist-stop-resume'), ops: run.inspected, output: run.output };
}

const baseName = (p: string): string => p.slice(p.lastIndexOf('/') + 1);
/** The ops that change the tree or the session (checks only look). */
const acting = (ops: readonly Op[]): Op[] => ops.filter((o) => o.op !== 'check');

describe(`the property suite shrinks seeded defects to minimal reproducers (seed ${SEED})`, () => {
  it.concurrent('drop-dotfiles-on-resume → one dot-named entry, then stop/resume', { timeout: 900_000 }, async () => {
    const run = await runPropertyAgainst('drop-dotfiles-on-resume');
    expect(run.exitCode, run.output.slice(-3000)).not.toBe(0);
    expect(run.claimStatus).toBe('fail');
    const ops = acting(run.ops);
    expect(ops, JSON.stringify(run.ops)).toHaveLength(2);
    const [create, stop] = ops;
    expect(['write', 'mkdir', 'symlink']).toContain(create!.op);
    expect('path' in create! && baseName(create.path).startsWith('.')).toBe(true);
    expect(stop).toEqual({ op: 'stop' });
  });

  it.concurrent('truncate-large-files-on-resume → one file of 1 MiB + 1 byte, then stop/resume', { timeout: 900_000 }, async () => {
    const run = await runPropertyAgainst('truncate-large-files-on-resume');
    expect(run.exitCode, run.output.slice(-3000)).not.toBe(0);
    expect(run.claimStatus).toBe('fail');
    const ops = acting(run.ops);
    expect(ops, JSON.stringify(run.ops)).toHaveLength(2);
    const [write, stop] = ops;
    expect(write!.op).toBe('write');
    expect(write!.op === 'write' && contentSize(write.content)).toBe(MiB + 1);
    expect(stop).toEqual({ op: 'stop' });
  });
});

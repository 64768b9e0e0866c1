// Runs the workloads against emulators started in this process, interleaving session filesystem (A) and baseline
// (B) once per round, and turns the samples into figures: the in-sandbox groups (sandbox-groups.ts, with tmpfs as a
// third side) and stop→resume (resume.ts, against the same emulator resuming eagerly). Everything goes through the real SDK via the fixtures.
import { startHarness, type Harness } from '../test/emulator/__test-helpers__/emulator-harness.ts';
import type { RuntimeHandle } from '../fixtures/runtimes.ts';
import type { EmulatorOptions } from '../emulator/index.ts';
import { resumeFigures } from './resume.ts';
import { runSandboxGroups, SANDBOX_GROUPS } from './sandbox-groups.ts';
import type { Figure } from './targets.ts';

export const GROUPS = [...SANDBOX_GROUPS, 'resume'] as const;
export type Group = (typeof GROUPS)[number];

export interface BenchOptions {
  rounds: number;
  groups: ReadonlySet<Group>;
  /** Progress lines (stderr). */
  progress: (line: string) => void;
  /** Stop→resume workspaces to measure (resume.ts keys); default all. */
  resumeSizes?: ReadonlySet<string>;
  /** Emulator log lines, if wanted. */
  log?: (line: string) => void;
}


/** Closes what was started even when interrupted; `close()` is idempotent. */
export class Bench {
  readonly #harnesses: Harness[] = [];

  constructor(private readonly o: BenchOptions) {}

  async #start(storage: 'sessionfs' | 'plain', extra: EmulatorOptions = {}): Promise<{ harness: Harness; runtime: RuntimeHandle }> {
    const harness = await startHarness({ storage, ...extra, ...(this.o.log ? { log: this.o.log } : {}) });
    this.#harnesses.push(harness);
    const runtime = await harness.resources.create({ label: `bench-${storage}` });
    return { harness, runtime };
  }

  async close(): Promise<void> {
    const hs = this.#harnesses.splice(0);
    await Promise.allSettled(hs.map((h) => h.close()));
  }

  async run(): Promise<Figure[]> {
    const { rounds, groups, progress } = this.o;
    const figures: Figure[] = [];
    const inSandbox = SANDBOX_GROUPS.some((g) => groups.has(g));
    let fs: { harness: Harness; runtime: RuntimeHandle } | undefined;
    if (inSandbox || groups.has('resume')) {
      progress('starting the emulator (storage: sessionfs)');
      fs = await this.#start('sessionfs');
    }

    if (inSandbox) {
      const session = fs!.harness.resources.open(fs!.runtime, { label: 'bench' });
      figures.push(...(await runSandboxGroups(session, groups, { rounds, progress })));
      await session.stop();
    }

    if (groups.has('resume')) {
      progress('starting the baseline emulator (session filesystem, eager resume)');
      const eager = await this.#start('sessionfs', { resume: 'eager' });
      figures.push(...(await resumeFigures({ lazy: fs!, eager }, rounds, progress, this.o.resumeSizes)));
    }
    return figures;
  }
}

// Runs the workloads against emulators started in this process, interleaving session filesystem (A) and baseline
// (B) once per round, and turns the samples into figures: the in-sandbox groups (sandbox-groups.ts, with tmpfs as a
// third side) and stop→resume. Everything goes through the real SDK via the fixtures.
import { performance } from 'node:perf_hooks';
import { startHarness, type Harness } from '../test/emulator/__test-helpers__/emulator-harness.ts';
import type { RuntimeHandle } from '../fixtures/runtimes.ts';
import type { Session } from '../fixtures/session.ts';
import { runSandboxGroups, runScript, SANDBOX_GROUPS } from './sandbox-groups.ts';
import { formatMs, pairedRatios, summarize } from './stats.ts';
import { TARGETS, type Figure } from './targets.ts';
import { countFilesScript, populateScript, SMALL_FILES } from './workloads.ts';

export const GROUPS = [...SANDBOX_GROUPS, 'resume'] as const;
export type Group = (typeof GROUPS)[number];

export interface BenchOptions {
  rounds: number;
  groups: ReadonlySet<Group>;
  /** Progress lines (stderr). */
  progress: (line: string) => void;
  /** Emulator log lines, if wanted. */
  log?: (line: string) => void;
}

const MOUNT = '/mnt/workspace';
const PLAIN_EMULATOR = "emulator with storage: 'plain'";

type Pair = { a: number[]; b: number[] };

function figure(id: string, label: string, baseline: string, p: Pair): Figure {
  const target = TARGETS[id];
  return {
    id,
    label,
    baseline,
    sessionfsMs: summarize(p.a),
    baselineMs: summarize(p.b),
    ratio: summarize(pairedRatios(p.a, p.b)),
    ...(target ? { target } : {}),
  };
}

const pair = (): Pair => ({ a: [], b: [] });

/** Closes what was started even when interrupted; `close()` is idempotent. */
export class Bench {
  readonly #harnesses: Harness[] = [];

  constructor(private readonly o: BenchOptions) {}

  async #start(storage: 'sessionfs' | 'plain'): Promise<{ harness: Harness; runtime: RuntimeHandle }> {
    const harness = await startHarness({ storage, ...(this.o.log ? { log: this.o.log } : {}) });
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
    const tag = (r: number) => `round ${r + 1}/${rounds}`;

    if (inSandbox) {
      const session = fs!.harness.resources.open(fs!.runtime, { label: 'bench' });
      figures.push(...(await runSandboxGroups(session, groups, { rounds, progress })));
      await session.stop();
    }

    if (groups.has('resume')) {
      progress("starting the baseline emulator (storage: plain)");
      const plain = await this.#start('plain');
      const n = SMALL_FILES.files;
      const sides = { a: fs!, b: plain };
      const workspaces = [
        { key: 'empty', label: 'stop→resume, empty workspace', files: 0 },
        { key: 'files', label: `stop→resume, ${n.toLocaleString('en-US')} files workspace`, files: n },
      ] as const;
      // One session per (side, workspace), filled once. On the session filesystem it is then stopped and resumed
      // once untimed, so no timed stop drains the replication backlog of the filling. The plain emulator copies the
      // whole mount at every stop anyway, so an untimed round there would only cost time (tens of seconds under load).
      const sessions = new Map<string, Session>();
      for (const w of workspaces) {
        for (const [side, s] of Object.entries(sides)) {
          const session = s.harness.resources.open(s.runtime, { label: `resume-${w.key}` });
          progress(`stop→resume: preparing the ${w.key} workspace on ${side === 'a' ? 'sessionfs' : 'plain'}`);
          if (w.files > 0) await runScript(session, populateScript(`${MOUNT}/ws`), { files: w.files });
          else await session.check('true');
          if (side === 'a') {
            await session.stop();
            await session.check('true');
          }
          sessions.set(`${side}/${w.key}`, session);
        }
      }
      type Key = (typeof workspaces)[number]['key'];
      const results = Object.fromEntries(workspaces.map((w) => [w.key, pair()])) as Record<Key, Pair>;
      const stops = Object.fromEntries(workspaces.map((w) => [w.key, pair()])) as Record<Key, Pair>;
      const firsts = Object.fromEntries(workspaces.map((w) => [w.key, pair()])) as Record<Key, Pair>;
      for (let r = 0; r < rounds; r++) {
        for (const w of workspaces) {
          for (const side of ['a', 'b'] as const) {
            const session = sessions.get(`${side}/${w.key}`)!;
            const t0 = performance.now();
            await session.stop();
            const t1 = performance.now();
            await session.check('true');
            const t2 = performance.now();
            results[w.key][side].push(t2 - t0);
            stops[w.key][side].push(t1 - t0);
            firsts[w.key][side].push(t2 - t1);
            progress(
              `stop→resume ${tag(r)} ${w.key} ${side === 'a' ? 'sessionfs' : 'plain    '}: ${formatMs(t2 - t0)} (stop ${formatMs(t1 - t0)}, first command ${formatMs(t2 - t1)})`,
            );
          }
        }
      }
      for (const side of ['a', 'b'] as const) {
        await runScript(sessions.get(`${side}/files`)!, countFilesScript(`${MOUNT}/ws`), { files: n });
      }
      for (const w of workspaces) {
        const side = (x: 'a' | 'b') => ({ stopMs: summarize(stops[w.key][x]), firstCommandMs: summarize(firsts[w.key][x]) });
        figures.push({ ...figure(`resume.${w.key}`, w.label, PLAIN_EMULATOR, results[w.key]), split: { sessionfs: side('a'), baseline: side('b') } });
      }
    }
    return figures;
  }
}

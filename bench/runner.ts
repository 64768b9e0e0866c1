// Runs the workloads against emulators started in this process, interleaving session filesystem (A) and baseline
// (B) once per round, and turns the samples into figures. Everything goes through the real SDK via the fixtures.
import { startHarness, type Harness } from '../test/emulator/__test-helpers__/emulator-harness.ts';
import type { RuntimeHandle } from '../fixtures/runtimes.ts';
import type { EmulatorOptions } from '../emulator/index.ts';
import { resumeFigures } from './resume.ts';
import type { Session } from '../fixtures/session.ts';
import { formatMs, pairedRatios, summarize } from './stats.ts';
import { TARGETS, type Figure } from './targets.ts';
import {
  gitCloneScript,
  gitSourceScript,
  GIT_REPO_FILES,
  parseScriptOutput,
  SEQ_MIB,
  sequentialScript,
  smallFilesScript,
  SMALL_FILES,
  SMALL_FILE_PHASES,
  type ScriptOutput,
} from './workloads.ts';

export const GROUPS = ['small', 'seq', 'git', 'resume'] as const;
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

const MOUNT = '/mnt/workspace';
const SESSIONFS_DIR = `${MOUNT}/bench`;
const PLAIN_DIR = '/tmp/bench';
const SAME_SANDBOX = 'plain disk: /tmp in the same sandbox';
/** Seconds a workload command may take (the API allows up to 3600). */
const COMMAND_TIMEOUT = 1200;

type Pair = { a: number[]; b: number[] };

/** Runs a workload script and checks its counts. */
async function runScript(session: Session, script: string, expect: Record<string, number>): Promise<ScriptOutput> {
  const out = parseScriptOutput(await session.check(script, { timeout: COMMAND_TIMEOUT }));
  for (const [name, value] of Object.entries(expect)) {
    if (out.counts[name] !== value) throw new Error(`workload check failed: expected ${name} = ${value}, saw ${String(out.counts[name])}`);
  }
  return out;
}

function phase(out: ScriptOutput, name: string): number {
  const v = out.phases[name];
  if (v === undefined) throw new Error(`workload printed no "${name}" phase`);
  return v;
}

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
    const inSandbox = groups.has('small') || groups.has('seq') || groups.has('git');
    let fs: { harness: Harness; runtime: RuntimeHandle } | undefined;
    if (inSandbox || groups.has('resume')) {
      progress('starting the emulator (storage: sessionfs)');
      fs = await this.#start('sessionfs');
    }
    const tag = (r: number) => `round ${r + 1}/${rounds}`;

    if (inSandbox) {
      const session = fs!.harness.resources.open(fs!.runtime, { label: 'bench' });
      await session.check(`mkdir -p ${SESSIONFS_DIR} ${PLAIN_DIR}`);

      if (groups.has('small')) {
        const phases = Object.fromEntries(SMALL_FILE_PHASES.map((p) => [p, pair()])) as Record<(typeof SMALL_FILE_PHASES)[number], Pair>;
        const expect = { files: SMALL_FILES.files, bytes: SMALL_FILES.files * SMALL_FILES.bytes };
        for (let r = 0; r < rounds; r++) {
          for (const [side, dir] of [['a', SESSIONFS_DIR], ['b', PLAIN_DIR]] as const) {
            const out = await runScript(session, smallFilesScript(`${dir}/small`), expect);
            for (const p of SMALL_FILE_PHASES) phases[p][side].push(phase(out, p));
            progress(`small files ${tag(r)} ${side === 'a' ? 'sessionfs' : 'plain    '}: ${SMALL_FILE_PHASES.map((p) => `${p} ${formatMs(phase(out, p))}`).join(', ')}`);
          }
        }
        const n = SMALL_FILES.files.toLocaleString('en-US');
        figures.push(
          figure('small.create', `small files: create ${n} × 1 KiB`, SAME_SANDBOX, phases.create),
          figure('small.walk', `small files: walk+stat ${n}`, SAME_SANDBOX, phases.walk),
          figure('small.read', `small files: read ${n}`, SAME_SANDBOX, phases.read),
          figure('small.delete', `small files: rm -rf ${n}`, SAME_SANDBOX, phases.delete),
        );
      }

      if (groups.has('seq')) {
        const write = pair();
        const read = pair();
        for (let r = 0; r < rounds; r++) {
          for (const [side, dir] of [['a', SESSIONFS_DIR], ['b', PLAIN_DIR]] as const) {
            const out = await runScript(session, sequentialScript(dir), { bytes: SEQ_MIB * 1024 * 1024 });
            write[side].push(phase(out, 'write'));
            read[side].push(phase(out, 'read'));
            progress(`sequential ${tag(r)} ${side === 'a' ? 'sessionfs' : 'plain    '}: write ${formatMs(phase(out, 'write'))}, read ${formatMs(phase(out, 'read'))}`);
          }
        }
        figures.push(
          figure('seq.write', `sequential write ${SEQ_MIB} MB (fsync)`, SAME_SANDBOX, write),
          figure('seq.read', `sequential read ${SEQ_MIB} MB`, SAME_SANDBOX, read),
        );
      }

      if (groups.has('git')) {
        progress(`git: building the source repository (${GIT_REPO_FILES.toLocaleString('en-US')} files) in the session's /tmp`);
        await runScript(session, gitSourceScript(), { files: GIT_REPO_FILES });
        const clone = pair();
        for (let r = 0; r < rounds; r++) {
          for (const [side, dir] of [['a', SESSIONFS_DIR], ['b', PLAIN_DIR]] as const) {
            const out = await runScript(session, gitCloneScript(`${dir}/clone`), { files: GIT_REPO_FILES });
            clone[side].push(phase(out, 'clone'));
            progress(`git clone ${tag(r)} ${side === 'a' ? 'sessionfs' : 'plain    '}: ${formatMs(phase(out, 'clone'))}`);
          }
        }
        figures.push(figure('git.clone', `git clone ${GIT_REPO_FILES.toLocaleString('en-US')} files (local, --no-hardlinks)`, SAME_SANDBOX, clone));
      }
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

// The workloads that run inside one session's sandbox, on three directories side by side: the session filesystem
// (A), plain disk (/tmp, the baseline B) and tmpfs (/dev/shm, the physical limit C), interleaved A, B, C once per
// round, so all three see the same load. Each figure's ratio is B/A per round; the limit's is C/A.
import { loadavg } from 'node:os';
import type { Session } from '../fixtures/session.ts';
import { FS_BOUND, FS_BOUND_PHASES, fsBoundScript } from './fs-bound.ts';
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

export const SANDBOX_GROUPS = ['fs', 'small', 'seq', 'git'] as const;
export type SandboxGroup = (typeof SANDBOX_GROUPS)[number];

const MOUNT = '/mnt/workspace';
const SIDES = [
  { side: 'a', name: 'sessionfs', dir: `${MOUNT}/bench` },
  { side: 'b', name: 'disk', dir: '/tmp/bench' },
  { side: 'c', name: 'tmpfs', dir: '/dev/shm/bench' },
] as const;
type Side = (typeof SIDES)[number]['side'];
const SAME_SANDBOX = 'plain disk: /tmp in the same sandbox';
const LIMIT = 'tmpfs: /dev/shm in the same sandbox';
/** Seconds a workload command may take (the API allows up to 3600). */
const COMMAND_TIMEOUT = 1200;

/** Samples of one figure: a time per side per round, and the load when each round ran. */
class Samples {
  readonly a: number[] = [];
  readonly b: number[] = [];
  readonly c: number[] = [];
  readonly load: number[] = [];

  figure(id: string, label: string): Figure {
    const target = TARGETS[id];
    return {
      id,
      label,
      baseline: SAME_SANDBOX,
      sessionfsMs: summarize(this.a),
      baselineMs: summarize(this.b),
      ratio: summarize(pairedRatios(this.a, this.b)),
      limit: { label: LIMIT, ms: summarize(this.c), ratio: summarize(pairedRatios(this.a, this.c)) },
      load: summarize(this.load),
      ...(target ? { target } : {}),
    };
  }
}

/** Runs a workload script and checks its counts, so a run that silently did less work cannot look fast. */
export async function runScript(session: Session, script: string, expect: Record<string, number>): Promise<ScriptOutput> {
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

/**
 * `rounds` rounds of a workload on the three sides; `script(dir)` builds it for one side's directory, and every
 * phase named becomes a figure.
 */
async function measure(
  session: Session,
  o: { rounds: number; progress: (line: string) => void; title: string },
  phases: readonly string[],
  script: (dir: string) => string,
  expect: Record<string, number>,
): Promise<Record<string, Samples>> {
  const samples = Object.fromEntries(phases.map((p) => [p, new Samples()]));
  for (let r = 0; r < o.rounds; r++) {
    const load = loadavg()[0]!;
    for (const { side, name, dir } of SIDES) {
      const out = await runScript(session, script(dir), expect);
      for (const p of phases) samples[p]![side as Side].push(phase(out, p));
      o.progress(`${o.title} round ${r + 1}/${o.rounds} ${name.padEnd(9)}: ${phases.map((p) => `${p} ${formatMs(phase(out, p))}`).join(', ')} (load ${load.toFixed(1)})`);
    }
    for (const p of phases) samples[p]!.load.push(load);
  }
  return samples;
}

export async function runSandboxGroups(
  session: Session,
  groups: ReadonlySet<string>,
  o: { rounds: number; progress: (line: string) => void },
): Promise<Figure[]> {
  const figures: Figure[] = [];
  await session.check(`mkdir -p ${SIDES.map((s) => s.dir).join(' ')}`);

  if (groups.has('fs')) {
    const n = FS_BOUND.files.toLocaleString('en-US');
    const s = await measure(session, { ...o, title: 'fs-bound small files' }, FS_BOUND_PHASES, (d) => fsBoundScript(`${d}/fs`), {
      files: FS_BOUND.files,
      bytes: FS_BOUND.files * FS_BOUND.bytes,
    });
    const what = `${n} × 1 KiB in ${FS_BOUND.dirs} dirs, one process`;
    figures.push(
      s.create!.figure('fs.create', `fs-bound: create ${what}`),
      s.stat!.figure('fs.stat', `fs-bound: scandir+lstat ${n}`),
      s.read!.figure('fs.read', `fs-bound: open+read+close ${n}`),
      s.delete!.figure('fs.delete', `fs-bound: unlink ${n}`),
    );
  }

  if (groups.has('small')) {
    const n = SMALL_FILES.files.toLocaleString('en-US');
    const s = await measure(session, { ...o, title: 'small files (a process per file)' }, SMALL_FILE_PHASES, (d) => smallFilesScript(`${d}/small`), {
      files: SMALL_FILES.files,
      bytes: SMALL_FILES.files * SMALL_FILES.bytes,
    });
    figures.push(
      s.create!.figure('small.create', `small files, a process per file: create ${n} × 1 KiB`),
      s.walk!.figure('small.walk', `small files: walk+stat ${n} (find)`),
      s.read!.figure('small.read', `small files: read ${n} (cat)`),
      s.delete!.figure('small.delete', `small files: rm -rf ${n}`),
    );
  }

  if (groups.has('seq')) {
    const s = await measure(session, { ...o, title: 'sequential' }, ['write', 'read'], (d) => sequentialScript(d), { bytes: SEQ_MIB * 1024 * 1024 });
    figures.push(
      s.write!.figure('seq.write', `sequential write ${SEQ_MIB} MB (fsync)`),
      s.read!.figure('seq.read', `sequential read ${SEQ_MIB} MB (warm: just written)`),
    );
  }

  if (groups.has('git')) {
    o.progress(`git: building the source repository (${GIT_REPO_FILES.toLocaleString('en-US')} files) in the session's /tmp`);
    await runScript(session, gitSourceScript(), { files: GIT_REPO_FILES });
    const s = await measure(session, { ...o, title: 'git clone' }, ['clone'], (d) => gitCloneScript(`${d}/clone`), { files: GIT_REPO_FILES });
    figures.push(s.clone!.figure('git.clone', `git clone ${GIT_REPO_FILES.toLocaleString('en-US')} files (local, --no-hardlinks)`));
  }
  return figures;
}

// The stop→resume workload: StopRuntimeSession, then the first command (`true`) on the same session id, timed
// client-side through the SDK, for workspaces of 0, 10,000 and 100,000 entries. A is the emulator as it is (a stored
// tree served in place: lazy resume); B the same emulator resuming eagerly (the tree copied back and handed over
// before the first command, as before issue 15), in the same run, interleaved.
import { performance } from 'node:perf_hooks';
import type { RuntimeHandle } from '../fixtures/runtimes.ts';
import type { Session } from '../fixtures/session.ts';
import type { Harness } from '../test/emulator/__test-helpers__/emulator-harness.ts';
import { formatMs, pairedRatios, summarize } from './stats.ts';
import { TARGETS, type Figure } from './targets.ts';
import { countFilesScript, parseScriptOutput, populateScript, type SmallFilesOptions } from './workloads.ts';

export interface ResumeWorkspace {
  key: string;
  label: string;
  /** Files and directories (entries = files + dirs); none: an empty workspace. */
  tree: SmallFilesOptions | undefined;
}

export const RESUME_WORKSPACES: readonly ResumeWorkspace[] = [
  { key: 'empty', label: 'stop→resume, empty workspace', tree: undefined },
  { key: '10k', label: 'stop→resume, 10,000 files (1 KiB, 100 directories)', tree: { files: 10_000, dirs: 100, bytes: 1024 } },
  { key: '100k', label: 'stop→resume, 100,000 entries (99,000 files of 100 bytes, 1,000 directories)', tree: { files: 99_000, dirs: 1_000, bytes: 100 } },
];

export const EAGER_BASELINE = 'the same emulator resuming eagerly (copy before the first command)';
const WS = '/mnt/workspace/ws';
const COMMAND_TIMEOUT = 3600;

export interface Side {
  harness: Harness;
  runtime: RuntimeHandle;
}

const filesIn = async (session: Session, root: string) => parseScriptOutput(await session.check(countFilesScript(root), { timeout: COMMAND_TIMEOUT })).counts.files;

async function prepare(session: Session, tree: SmallFilesOptions | undefined): Promise<void> {
  if (!tree) return void (await session.check('true'));
  const { counts } = parseScriptOutput(await session.check(populateScript(WS, tree), { timeout: COMMAND_TIMEOUT }));
  if (counts.files !== tree.files) throw new Error(`workload check failed: expected ${tree.files} files, saw ${String(counts.files)}`);
  // Stopped and resumed once untimed: no timed stop drains the replication backlog of the filling, and every timed
  // resume finds the tree as a previous resume left it.
  await session.stop();
  await session.check('true');
}

export async function resumeFigures(sides: { lazy: Side; eager: Side }, rounds: number, progress: (line: string) => void, only?: ReadonlySet<string>): Promise<Figure[]> {
  const workspaces = RESUME_WORKSPACES.filter((w) => !only || only.has(w.key));
  const order = [['a', sides.lazy], ['b', sides.eager]] as const;
  const sessions = new Map<string, Session>();
  for (const w of workspaces) {
    for (const [side, s] of order) {
      const session = s.harness.resources.open(s.runtime, { label: `resume-${w.key}` });
      progress(`stop→resume: preparing the ${w.key} workspace (${side === 'a' ? 'lazy' : 'eager'})`);
      await prepare(session, w.tree);
      sessions.set(`${side}/${w.key}`, session);
    }
  }
  const figures: Figure[] = [];
  for (const w of workspaces) {
    const total = { a: [] as number[], b: [] as number[] };
    const stop = { a: [] as number[], b: [] as number[] };
    const first = { a: [] as number[], b: [] as number[] };
    for (let r = 0; r < rounds; r++) {
      for (const [side] of order) {
        const session = sessions.get(`${side}/${w.key}`)!;
        const t0 = performance.now();
        await session.stop();
        const t1 = performance.now();
        await session.check('true', { timeout: COMMAND_TIMEOUT });
        const t2 = performance.now();
        total[side].push(t2 - t0);
        stop[side].push(t1 - t0);
        first[side].push(t2 - t1);
        progress(`stop→resume round ${r + 1}/${rounds} ${w.key} ${side === 'a' ? 'lazy ' : 'eager'}: ${formatMs(t2 - t0)} (stop ${formatMs(t1 - t0)}, first command ${formatMs(t2 - t1)})`);
      }
    }
    // Every file is still there after the timed rounds (read through the lazily resumed tree).
    if (w.tree) for (const [side] of order) if ((await filesIn(sessions.get(`${side}/${w.key}`)!, WS)) !== w.tree.files) throw new Error(`workload check failed: files lost in ${w.key} (${side})`);
    const split = (x: 'a' | 'b') => ({ stopMs: summarize(stop[x]), firstCommandMs: summarize(first[x]) });
    const target = TARGETS[`resume.${w.key}`];
    figures.push({
      id: `resume.${w.key}`,
      label: w.label,
      baseline: EAGER_BASELINE,
      sessionfsMs: summarize(total.a),
      baselineMs: summarize(total.b),
      ratio: summarize(pairedRatios(total.a, total.b)),
      ...(target ? { target } : {}),
      split: { sessionfs: split('a'), baseline: split('b') },
    });
  }
  return figures;
}

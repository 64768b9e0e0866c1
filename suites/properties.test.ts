// Property-based persistence: the regression corpus first (committed op logs, replayed on any target), then random
// trees written in one batched command and read back with one manifest command, through stop/resume, repeated
// cycles, an immediate stop, and a version update. Knobs (SSC_NUM_RUNS, SSC_SEED, ...): fixtures/replay/settings.ts.
import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject } from 'vitest';
import { conformanceTest, suiteProfile, type Observe, type RuntimeHandle, type Sessions } from '../fixtures/index.ts';
import {
  limitsOf,
  modelProfileOf,
  checkProperty,
  coarser,
  diffManifests,
  fileTree as rawFileTree,
  knownBugs,
  FsModel,
  loadCorpus,
  manifestOfTree,
  mtimePairs,
  precisionKept,
  readPropertySettings,
  RemoteFs,
  replayOps,
  setMtimePairs,
  treeBounds,
  treeToOps,
  writeTree,
  type CaseRecord,
  type CorpusEntry,
  type PropertyRun,
  type Op,
  type TimePrecision,
  type TreeEntry,
  TreeBatch,
} from '../fixtures/properties.ts';

const FILE = 'suites/properties.test.ts';
/** Random runs take minutes: they belong to the `full` tier (spec/tiers.ts). */
const FULL = { tier: 'full' } as const;
const settings = readPropertySettings(process.env);
const profile = modelProfileOf(suiteProfile());
const bounds = treeBounds(limitsOf(suiteProfile()));
console.log(`[properties] seed ${settings.seed}${settings.numRuns ? `, ${settings.numRuns} run(s) per property` : ''} (SSC_SEED / SSC_NUM_RUNS)`);

const targetKind = inject('sscTarget')?.target.kind ?? 'emulator';
const bugs = knownBugs(targetKind, process.env);
/**
 * Cases per property: on the emulator a case costs a share of a batch (below), so 100 (fast-check's own default);
 * elsewhere every case is billed, so each property's small number.
 */
const runsOn = (elsewhere: number): number => (targetKind === 'emulator' ? 100 : elsewhere);
/** Cases in one session (each in a directory of its own), stopped and resumed together: tree-batch.ts. */
const BATCH = 25;
/** A full batch shares its calls among its cases: at most 3 each (the cleanup stop included). */
const expectCheap = (run: PropertyRun): void => {
  if (run.batchSize === BATCH) expect(run.apiCallsPerCase, 'API calls per case').toBeLessThanOrEqual(3);
};
if (bugs.ids.length > 0) console.log(`[properties] stepping around known target bugs: ${bugs.ids.join(', ')} (fixtures/replay/known-bugs.ts)`);
const fileTree = (o: Parameters<typeof rawFileTree>[0]) => rawFileTree(o).filter((tree) => !bugs.tree(tree));

const corpus = loadCorpus(fileURLToPath(new URL('./corpus/', import.meta.url)));
const byName = new Map(corpus.map((e) => [e.name, e]));

async function replayEntry(entry: CorpusEntry, runtime: RuntimeHandle, sessions: Sessions, update: (() => Promise<void>) | undefined, skip: (reason: string) => void): Promise<void> {
  if (entry.hasUnsupported && !settings.unsupported) return skip('has unsupported operations, and SSC_PROPERTIES_UNSUPPORTED=0 leaves them out');
  const session = sessions.open(runtime, { label: 'corpus' });
  try {
    await replayOps(entry.log.ops, new RemoteFs(session, update), new FsModel(profile));
  } finally {
    await session.stopQuietly();
  }
}

describe('regression corpus (suites/corpus/), replayed first', () => {
  const plain = corpus.filter((e) => !e.needsUpdate).map((e) => e.name);
  const withUpdate = corpus.filter((e) => e.needsUpdate).map((e) => e.name);
  if (plain.length > 0) {
    conformanceTest('life/persist-stop-resume').for(plain)('%s', async (name, { runtime, sessions, skip }) => {
      await replayEntry(byName.get(name)!, runtime, sessions, undefined, skip);
    });
  }
  if (withUpdate.length > 0) {
    conformanceTest('life/persist-stop-resume', 'life/version-update-wipes').for(withUpdate)('%s', async (name, { runtimes, sessions, skip }) => {
      const runtime = await runtimes.create({ label: 'corpus' });
      await replayEntry(byName.get(name)!, runtime, sessions, () => runtimes.update(runtime, { description: 'ssc corpus update' }).then(() => undefined), skip);
    });
  }
});

/** One case on a fresh session of `runtime`: writes the tree (recording its ops), then runs `steps`. */
async function treeCase(
  sessions: Sessions,
  runtime: RuntimeHandle,
  tree: TreeEntry[],
  record: CaseRecord,
  steps: (fs: RemoteFs, model: FsModel) => Promise<void>,
  update?: () => Promise<void>,
): Promise<void> {
  const session = sessions.open(runtime, { label: 'prop' });
  const fs = new RemoteFs(session, update);
  const model = new FsModel(profile);
  record.ops = treeToOps(tree);
  try {
    await writeTree(fs, session.mountPath, tree);
    for (const op of record.ops) if (op.op !== 'stop' && op.op !== 'update' && op.op !== 'check') model.apply(op);
    await steps(fs, model);
  } finally {
    record.apiCalls = fs.apiCalls;
    await session.stopQuietly();
  }
}

const lifecycle = async (op: Op, fs: RemoteFs, model: FsModel, record: CaseRecord): Promise<void> => {
  record.ops.push(op);
  if (op.op === 'check') await fs.verify(model, `(${record.ops.filter((o) => o.op === 'stop').length} stop/resume so far)`);
  else await fs.lifecycle(op as Extract<Op, { op: 'stop' | 'update' }>, model);
};

const treeProperty = (name: string, defaultRuns: number, observe: Observe) => ({
  name,
  file: FILE,
  defaultRuns: runsOn(defaultRuns),
  settings,
  profile,
  observe,
});

/**
 * Runs `values` as one batch on a fresh session: their trees are written together, then `steps` (which stop, update
 * and check every case at once). Each case keeps its own first failure; an error of the batch itself (a command that
 * failed) fails every case that had not failed yet.
 */
async function treeBatch<T>(
  sessions: Sessions,
  runtime: RuntimeHandle,
  values: readonly T[],
  treeOf: (v: T) => TreeEntry[],
  steps: (batch: TreeBatch) => Promise<void>,
  update?: () => Promise<void>,
): Promise<{ records: CaseRecord[]; failures: (Error | undefined)[] }> {
  const session = sessions.open(runtime, { label: 'prop-batch' });
  const batch = new TreeBatch(new RemoteFs(session, update), profile, values.map(treeOf));
  try {
    await batch.write();
    await steps(batch);
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    batch.records.forEach((_, i) => batch.fail(i, error));
  } finally {
    // The cleanup stop is a call of the batch too.
    await session.stopQuietly();
    batch.shareCalls(1);
  }
  return { records: batch.records, failures: batch.failures };
}

describe('random trees', () => {
  conformanceTest('life/persist-stop-resume')('a random tree survives stop/resume unchanged', FULL, async ({ runtime, sessions, observe, task }) => {
    let mtimeChanges = 0;
    // mtimes are not part of the claim: compared to the nanosecond, what the target keeps is reported.
    let inSession: TimePrecision = 'ns';
    let afterStopResume: TimePrecision = 'ns';
    const run = await checkProperty({
      ...treeProperty(task.name, 5, observe),
      arbitrary: fileTree({ bounds, mountPath: runtime.mountPath }),
      run: (tree, record) =>
        treeCase(sessions, runtime, tree, record, async (fs, model) => {
          // The tree as written must match the model before stop/resume tells us anything.
          const before = await fs.manifest();
          const wrong = diffManifests(manifestOfTree(tree), before.entries);
          if (wrong.length > 0) throw new Error(`the tree was not written as generated:\n  ${wrong.join('\n  ')}`);
          record.ops.push({ op: 'check' });
          await lifecycle({ op: 'stop' }, fs, model, record);
          await lifecycle({ op: 'check' }, fs, model, record);
          const after = await fs.manifest();
          for (const [p, t] of before.mtimes) if (after.mtimes.get(p) !== t) mtimeChanges++;
          inSession = coarser(inSession, precisionKept(setMtimePairs(tree, before.mtimes)));
          afterStopResume = coarser(afterStopResume, precisionKept(mtimePairs(before.mtimes, after.mtimes)));
        }),
      batch: {
        size: BATCH,
        run: (trees) =>
          treeBatch(sessions, runtime, trees, (t) => t, async (batch) => {
            const before = await batch.check('as written (before stop/resume)');
            await batch.lifecycle({ op: 'stop' });
            const after = await batch.check('after stop/resume');
            for (const [p, t] of before.mtimes) if (after.mtimes.get(p) !== t) mtimeChanges++;
            inSession = coarser(inSession, precisionKept(setMtimePairs(batch.trees.flat(), before.mtimes)));
            afterStopResume = coarser(afterStopResume, precisionKept(mtimePairs(before.mtimes, after.mtimes)));
          }),
      },
    });
    expectCheap(run);
    observe('mtimesChangedByStopResume', mtimeChanges);
    observe('mtimePrecisionInSession', inSession);
    observe('mtimePrecisionAfterStopResume', afterStopResume);
  });

  conformanceTest('life/persist-stop-resume')('N stop/resume cycles converge (no drift)', FULL, async ({ runtime, sessions, observe, task }) => {
    const run = await checkProperty({
      ...treeProperty(task.name, 2, observe),
      arbitrary: fc.record({ tree: fileTree({ bounds, mountPath: runtime.mountPath }), cycles: fc.integer({ min: 1, max: 4 }) }),
      run: ({ tree, cycles }, record) =>
        treeCase(sessions, runtime, tree, record, async (fs, model) => {
          for (let i = 0; i < cycles; i++) {
            await lifecycle({ op: 'stop' }, fs, model, record);
            await lifecycle({ op: 'check' }, fs, model, record);
          }
        }),
      batch: {
        size: BATCH,
        // Every case goes through the batch's most cycles, checked after each: at least its own number.
        run: (cases) =>
          treeBatch(sessions, runtime, cases, (c) => c.tree, async (batch) => {
            const cycles = Math.max(...cases.map((c) => c.cycles));
            for (let i = 1; i <= cycles; i++) {
              await batch.lifecycle({ op: 'stop' });
              await batch.check(`after ${i} stop/resume(s)`);
            }
          }),
      },
    });
    expectCheap(run);
  });

  conformanceTest('life/flush-on-stop')('a tree written then stopped immediately is intact', FULL, async ({ runtime, sessions, observe, task }) => {
    const run = await checkProperty({
      ...treeProperty(task.name, 3, observe),
      arbitrary: fileTree({ bounds, mountPath: runtime.mountPath }),
      run: (tree, record) =>
        treeCase(sessions, runtime, tree, record, async (fs, model) => {
          await lifecycle({ op: 'stop' }, fs, model, record);
          await lifecycle({ op: 'check' }, fs, model, record);
        }),
      batch: {
        size: BATCH,
        run: (trees) =>
          treeBatch(sessions, runtime, trees, (t) => t, async (batch) => {
            await batch.lifecycle({ op: 'stop' });
            await batch.check('after stop/resume');
          }),
      },
    });
    expectCheap(run);
  });

  conformanceTest('life/version-update-wipes')('after a version update the workspace is empty', FULL, async ({ runtimes, sessions, observe, task }) => {
    const runtime = await runtimes.create({ label: 'prop-update' });
    let updates = 0;
    const update = () => runtimes.update(runtime, { description: `ssc property update ${++updates}` }).then(() => undefined);
    const run = await checkProperty({
      ...treeProperty(task.name, 2, observe),
      arbitrary: fc.record({ tree: fileTree({ bounds, mountPath: runtime.mountPath }), stopFirst: fc.boolean() }),
      run: ({ tree, stopFirst }, record) =>
        treeCase(
          sessions,
          runtime,
          tree,
          record,
          async (fs, model) => {
            if (stopFirst) await lifecycle({ op: 'stop' }, fs, model, record);
            await lifecycle({ op: 'update' }, fs, model, record);
            await lifecycle({ op: 'check' }, fs, model, record);
          },
          update,
        ),
      batch: {
        size: BATCH,
        // Cases that stop first and cases that do not cannot share a session: a batch of each.
        run: async (cases) => {
          const out: { records: CaseRecord[]; failures: (Error | undefined)[] } = { records: [], failures: [] };
          const order: number[] = [];
          for (const stopFirst of [true, false]) {
            const part = cases.map((c, i) => [c, i] as const).filter(([c]) => c.stopFirst === stopFirst);
            if (part.length === 0) continue;
            const r = await treeBatch(sessions, runtime, part.map(([c]) => c), (c) => c.tree, async (batch) => {
              if (stopFirst) await batch.lifecycle({ op: 'stop' });
              await batch.lifecycle({ op: 'update' });
              await batch.check('after the version update');
            }, update);
            order.push(...part.map(([, i]) => i));
            out.records.push(...r.records);
            out.failures.push(...r.failures);
          }
          // Back in the cases' order, so that a failure's index is its run index.
          const at = order.map((_, k) => order.indexOf(k));
          return { records: at.map((k) => out.records[k]!), failures: at.map((k) => out.failures[k]) };
        },
      },
    });
    expectCheap(run);
  });
});

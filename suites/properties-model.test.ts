// Model-based testing: random file operations (and, on targets that enforce them, unsupported ones expecting
// refusal) interleaved with stop/resume and version updates, run against the target and a pure in-memory model
// (fixtures/model/). Consecutive file ops go to the target as one command; each op's outcome is compared with the
// model, and the mount with the model's tree at every check and at the end. Knobs: fixtures/replay/settings.ts.
import fc from 'fast-check';
import { describe, inject } from 'vitest';
import { conformanceTest, suiteProfile, type Observe, type RuntimeHandle, type Sessions } from '../fixtures/index.ts';
import {
  limitsOf,
  modelProfileOf,
  checkProperty,
  FsModel,
  knownBugs,
  opCommands,
  readPropertySettings,
  RemoteFs,
  treeBounds,
  type CaseRecord,
} from '../fixtures/properties.ts';

const FILE = 'suites/properties-model.test.ts';
/** Random runs take minutes: they belong to the `full` tier (spec/tiers.ts). */
const FULL = { tier: 'full' } as const;
const settings = readPropertySettings(process.env);
const profile = modelProfileOf(suiteProfile());
const bounds = treeBounds(limitsOf(suiteProfile()));
console.log(`[properties-model] seed ${settings.seed}${settings.unsupported ? ', unsupported operations on' : ''} (SSC_SEED / SSC_PROPERTIES_UNSUPPORTED)`);

const bugs = knownBugs(inject('sscTarget')?.target.kind ?? 'emulator', process.env);
const avoid = bugs.op;

const UNSUPPORTED_CLAIMS = ['ops/hard-link-refused', 'ops/special-files-refused', 'ops/xattr-unsupported', 'ops/fallocate-unsupported'];
const claims = ['life/persist-stop-resume', 'life/flush-on-stop', 'ops/supported-basic', 'ops/symlinks', ...(settings.unsupported ? UNSUPPORTED_CLAIMS : [])];

async function modelCase(
  sessions: Sessions,
  runtime: RuntimeHandle,
  cmds: Iterable<fc.AsyncCommand<FsModel, RemoteFs>>,
  record: CaseRecord,
  update?: () => Promise<void>,
): Promise<void> {
  const session = sessions.open(runtime, { label: 'model' });
  const fs = new RemoteFs(session, update);
  const model = new FsModel(profile);
  try {
    await fc.asyncModelRun(() => ({ model, real: fs }), cmds);
    await fs.verify(model, 'at the end');
  } finally {
    record.ops = fs.log;
    record.apiCalls = fs.apiCalls;
    await session.stopQuietly();
  }
}

const options = (name: string, defaultRuns: number, observe: Observe) => ({ name, file: FILE, defaultRuns, settings, profile, observe });

describe('file operations and lifecycle events against a model', () => {
  conformanceTest(...claims)('random file operations with stop/resume agree with the model', FULL, async ({ runtime, sessions, observe, task }) => {
    await checkProperty({
      ...options(task.name, 5, observe),
      arbitrary: opCommands({ bounds, mountPath: runtime.mountPath, unsupported: settings.unsupported, avoid, ...(settings.replayPath ? { replayPath: settings.replayPath } : {}) }),
      run: (cmds, record) => modelCase(sessions, runtime, cmds, record),
    });
  });

  conformanceTest('life/version-update-wipes', 'life/persist-stop-resume')('random file operations with stop/resume and version updates agree with the model', FULL, async ({ runtimes, sessions, observe, task }) => {
    const runtime = await runtimes.create({ label: 'model-update' });
    let updates = 0;
    const update = () => runtimes.update(runtime, { description: `ssc model update ${++updates}` }).then(() => undefined);
    await checkProperty({
      ...options(task.name, 2, observe),
      arbitrary: opCommands({ bounds, mountPath: runtime.mountPath, update: true, avoid, ...(settings.replayPath ? { replayPath: settings.replayPath } : {}) }),
      run: (cmds, record) => modelCase(sessions, runtime, cmds, record, update),
    });
  });
});

// Ctrl-C during `npm test` against the embedded emulator: the terminal's SIGINT reaches npm, vitest and its workers
// at once. The embedded emulator runs in a process group of its own (fixtures/emulator-process.ts), so it is not hit;
// the global setup asks it to stop and waits for it, and nothing is left: no mount, no process, no uid claim, no
// temporary state directory. A second Ctrl-C leaves at once, and the emulator still finishes on its own.
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessionMountsUnder } from '../../emulator/sessionfs/mount.ts';
import { hasExited } from '../../fixtures/emulator-process.ts';
import { leftovers, processesOf, sessionUids } from '../emulator/__test-helpers__/leftovers.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let tmp: string;
let runTmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'ssc-npm-ctrl-c-'));
  // The sandboxes' uids must be able to traverse to the state directory inside.
  await chmod(tmp, 0o711);
  // The run's own TMPDIR: its emulator's temporary state directory is the only one in it.
  runTmp = join(tmp, 'tmp');
  await mkdir(runTmp);
});
afterEach(async () => {
  // A test that failed half-way must not leave its run going: kill it; its emulator then stops on its own.
  if (current && current.run.exitCode === null) {
    process.kill(-current.run.pid!, 'SIGKILL');
    await current.run;
  }
  if (current?.emulatorPid) await expect.poll(() => hasExited(current!.emulatorPid!), { timeout: 60_000 }).toBe(true);
  current = undefined;
  await rm(tmp, { recursive: true, force: true });
});

/** `npm test` on the lifecycle suite in a process group of its own (a terminal's foreground job). */
const npmTest = () =>
  execa('npm', ['test', '--', 'suites/lifecycle.test.ts'], {
    cwd: ROOT,
    detached: true,
    reject: false,
    all: true,
    env: { TMPDIR: runTmp, SSC_REPORT_DIR: join(tmp, 'reports') },
  });

interface Interrupted {
  run: ReturnType<typeof npmTest>;
  emulatorPid: number;
  stateDir: string;
  uids: number[];
}

let current: { run: ReturnType<typeof npmTest>; emulatorPid?: number } | undefined;

/** Starts the run and returns once one of its sessions is live (sessions come and go: their uids at that moment). */
async function startRun(): Promise<Interrupted> {
  const run = npmTest();
  current = { run };
  const deadline = Date.now() + 120_000;
  const waitFor = async <T,>(what: string, probe: () => Promise<T | undefined>): Promise<T> => {
    for (;;) {
      const found = await probe();
      if (found !== undefined) return found;
      if (run.exitCode !== null || Date.now() > deadline) throw new Error(`the run never ${what}:\n${run.exitCode !== null ? (await run).all : ''}`);
      await sleep(50);
    }
  };
  const { stateDir, emulatorPid } = await waitFor('started its emulator', async () => {
    const [name] = (await readdir(runTmp)).filter((n) => n.startsWith('ssc-emulator-'));
    const pid = name ? Number((await readFile(join(runTmp, name, 'owner.pid'), 'utf8').catch(() => '')).trim()) : 0;
    return pid > 0 ? { stateDir: join(runTmp, name!), emulatorPid: pid } : undefined;
  });
  current.emulatorPid = emulatorPid;
  const uids = await waitFor('got a session live', async () => {
    const found = (await sessionMountsUnder(stateDir)).length > 0 ? await sessionUids(stateDir) : [];
    return found.length > 0 ? found : undefined;
  });
  return { run, emulatorPid, stateDir, uids };
}

describe('Ctrl-C during npm test (embedded emulator)', () => {
  it('stops every session, and the run exits with nothing left behind', { timeout: 240_000 }, async () => {
    const { run, emulatorPid, stateDir, uids } = await startRun();
    process.kill(-run.pid!, 'SIGINT');
    const result = await run;
    expect(result.all).toContain("stopping the embedded emulator's sessions");
    // vitest waited for it: by the time the run has exited, so has the emulator, and it cleaned up.
    expect(hasExited(emulatorPid)).toBe(true);
    expect(await leftovers(stateDir, emulatorPid, uids)).toEqual({ mounts: [], claims: [], processes: '' });
    expect(existsSync(stateDir)).toBe(false);
  });

  it('a second Ctrl-C leaves at once; the emulator goes on stopping and finishes on its own', { timeout: 240_000 }, async () => {
    const { run, emulatorPid, stateDir, uids } = await startRun();
    // A stop that takes long: the emulator is frozen, so the first Ctrl-C waits for it (the SIGTERM it is sent stays
    // pending until it runs again).
    process.kill(emulatorPid, 'SIGSTOP');
    try {
      const waiting = new Promise<void>((resolve) => run.all!.on('data', (d: Buffer) => d.toString().includes("stopping the embedded emulator's sessions") && resolve()));
      process.kill(-run.pid!, 'SIGINT');
      await waiting;
      process.kill(-run.pid!, 'SIGINT');
      await run;
      // The run is gone while the emulator has not stopped: the second Ctrl-C did not wait for it.
      expect(hasExited(emulatorPid)).toBe(false);
    } finally {
      process.kill(emulatorPid, 'SIGCONT');
    }
    await expect.poll(() => hasExited(emulatorPid), { timeout: 60_000 }).toBe(true);
    await expect.poll(() => processesOf(uids), { timeout: 15_000 }).toBe('');
    expect(await leftovers(stateDir, emulatorPid, uids)).toEqual({ mounts: [], claims: [], processes: '' });
    expect(existsSync(stateDir)).toBe(false);
  });
});

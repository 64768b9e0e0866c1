// `npx ssc emulator` in the background, then `kill <the pid npx reports>`, as the README shows it. npm runs the
// command through `sh -c`, which does not pass SIGTERM on: the emulator notices that its parent went away and stops
// as on SIGTERM (every session stopped, nothing left), instead of serving on with no parent.
import { execa } from 'execa';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasExited } from '../../fixtures/emulator-process.ts';
import { TestResources } from '../../fixtures/resources.ts';
import { newRunId } from '../../fixtures/run-id.ts';
import { buildTarget } from '../../fixtures/target.ts';
import { logLine } from '../emulator/__test-helpers__/cli-emulator.ts';
import { leftovers, sessionUids } from '../emulator/__test-helpers__/leftovers.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('npx ssc emulator', () => {
  it('stops every session and exits when the pid npx reports gets SIGTERM', { timeout: 180_000 }, async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'ssc-npx-'));
    try {
      const pidFile = join(tmp, 'emulator.pid');
      // --yes: npx would otherwise ask before linking the project's own package into its cache.
      const npx = execa('npx', ['--yes', 'ssc', 'emulator', '--port', '0', '--pid-file', pidFile], { cwd: ROOT, reject: false });
      const state = logLine(npx, /\(state: (\S+)\)/);
      const endpoint = await new Promise<string>((resolve, reject) => {
        createInterface({ input: npx.stdout! }).once('line', resolve);
        void npx.then((r) => reject(new Error(`npx exited early: ${r.stderr}`)));
      });
      const stateDir = (await state)[1]!;
      const emulatorPid = Number((await readFile(pidFile, 'utf8')).trim());
      // The pid a shell reports for `npx ... &` is npm's, not the emulator's: the signal has to travel.
      expect(emulatorPid).not.toBe(npx.pid);
      const target = buildTarget({ target: { kind: 'emulator', endpoint, region: 'us-east-1' }, runId: newRunId() });
      const resources = new TestResources(target);
      const session = resources.open(await resources.create());
      await session.check('echo kept > /mnt/workspace/kept');
      target.destroy();
      const uids = await sessionUids(stateDir);
      expect(uids).toHaveLength(1);
      const stopping = logLine(npx, /the process that started it exited: stopping every session/);

      npx.kill('SIGTERM');
      // npm's output pipes are the emulator's too: they close when it has exited.
      const result = await npx;
      await stopping;
      expect(hasExited(emulatorPid)).toBe(true);
      expect(await leftovers(stateDir, emulatorPid, uids)).toEqual({ mounts: [], claims: [], processes: '' });
      // A temporary state directory goes with a clean stop, and so does the pid file.
      await expect(stat(stateDir)).rejects.toThrow(/ENOENT/);
      await expect(stat(pidFile)).rejects.toThrow(/ENOENT/);
      expect(result.stderr).not.toMatch(/second SIG\w+: exiting now/);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});

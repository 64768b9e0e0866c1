// On a machine without slirp4netns: `ssc emulator` (public networking, the default) refuses to start and says what
// to install or how to go without; `--network none` starts and runs sessions as before.
import { execa } from 'execa';
import { mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestResources } from '../../fixtures/resources.ts';
import { newRunId } from '../../fixtures/run-id.ts';
import { buildTarget } from '../../fixtures/target.ts';
import { startCli } from '../emulator/__test-helpers__/cli-emulator.ts';

const SSC = fileURLToPath(new URL('../../bin/ssc.js', import.meta.url));
let bin: string;
/** A PATH with every command of /usr/bin and /usr/sbin but slirp4netns. */
beforeAll(async () => {
  bin = await mkdtemp(join(tmpdir(), 'ssc-no-slirp-'));
  for (const dir of ['/usr/sbin', '/usr/bin'])
    for (const name of await readdir(dir)) if (name !== 'slirp4netns') await symlink(join(dir, name), join(bin, name)).catch(() => undefined);
});
afterAll(async () => rm(bin, { recursive: true, force: true }));

const ssc = (args: string[]) => execa(process.execPath, [SSC, 'emulator', '--port', '0', '--quiet', ...args], { reject: false, env: { PATH: bin }, timeout: 60_000 });

describe('the network stack missing', () => {
  it('public (the default): no start, and a message naming the package, the script and --network none', async () => {
    const r = await ssc([]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/Outbound network for sessions \(--network public, the default\) needs slirp4netns \(slirp4netns\): run `bash scripts\/install-deps.sh` \(or apt-get install -y slirp4netns\), or start with --network none/);
  });

  it('--network none: starts, and sessions run', { timeout: 120_000 }, async () => {
    const { child, endpoint } = await startCli(undefined, { args: ['--network', 'none'], env: { PATH: bin } });
    const target = buildTarget({ target: { kind: 'emulator', endpoint, region: 'us-east-1' }, runId: newRunId() });
    try {
      const resources = new TestResources(target);
      const session = resources.open(await resources.create());
      expect(await session.check(`ip -o link show | awk -F': ' '{print $2}'`)).toBe('lo\n');
      await resources.cleanup();
    } finally {
      target.destroy();
      child.kill('SIGTERM');
      expect((await child).exitCode).toBe(0);
    }
  });
});

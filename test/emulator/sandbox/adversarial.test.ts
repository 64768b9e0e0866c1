// Adversarial isolation checks that only the emulator can make, because they look at the host side: a session
// attacks its neighbour's processes (signals by every pid it can name), the store and state directory, the host's
// files (directly and through planted symlinks that a careless restore or chown would follow), and tries to mount
// or make namespaces. Every attempt must fail and leave the host and the other session untouched. The
// target-neutral part is the conformance suite suites/isolation.test.ts; what root's capabilities and id range allow
// and where they end, root-powers.test.ts.
import { execa } from 'execa';
import { randomUUID } from 'node:crypto';
import { chmod, lstat, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shQuote } from '../../../fixtures/shell.ts';
import type { Session } from '../../../fixtures/session.ts';
import { startHarness, type Harness } from '../__test-helpers__/emulator-harness.ts';

let h: Harness;
let victim: Session;
let attacker: Session;

beforeAll(async () => {
  h = await startHarness();
  const runtime = await h.resources.create();
  victim = h.resources.open(runtime, { label: 'victim' });
  attacker = h.resources.open(runtime, { label: 'attacker' });
  await victim.check('echo victim-data > /mnt/workspace/v');
});
afterAll(async () => h?.close());

/** Starts a background process in `s` whose argv[0] is a fresh marker; returns the marker and its host pid. */
async function backgroundMarker(s: Session): Promise<{ marker: string; hostPid: number }> {
  const marker = `ssc-adv-${randomUUID()}`;
  // Wait inside for the exec, so that the process carries the marker when the host looks for it.
  await s.check(`nohup bash -c ${shQuote(`exec -a ${marker} sleep 600`)} >/dev/null 2>&1 & until pgrep -f ${shQuote(`^${marker} `)} >/dev/null; do sleep 0.05; done`);
  const { stdout } = await execa('pgrep', ['-f', `^${marker} `], { reject: false });
  const hostPid = Number(stdout.trim().split('\n')[0]);
  expect(hostPid, `no host process for ${marker}`).toBeGreaterThan(1);
  return { marker, hostPid };
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("a session attacking another session's processes", () => {
  it('cannot read their /proc entries nor kill them, by their host pid or by killing everything it can', async () => {
    const { marker, hostPid } = await backgroundMarker(victim);
    const r = await attacker.run(
      `cat /proc/${hostPid}/cmdline /proc/${hostPid}/environ 2>/dev/null | tr '\\0' ' '; echo; kill -9 ${hostPid} 2>/dev/null; kill -9 -1`,
    );
    expect(r.stdout).not.toContain(marker);
    expect(alive(hostPid), 'the victim process was killed').toBe(true);
    expect(await victim.check(`pgrep -c -f ${shQuote(`^${marker} `)}`)).toBe('1\n');
    // The attacker killed its own compute's processes at most; its next call works (resumed if need be).
    expect(await attacker.check('echo back')).toBe('back\n');
  });
});

describe('a session looking for the store, the state directory and the host', () => {
  it('sees none of them, nor the FUSE device, and cannot reach them through /proc/*/root', async () => {
    const hostFile = `/tmp/ssc-host-${randomUUID()}`;
    await writeFile(hostFile, 'host');
    try {
      const paths = [h.emulator.stateDir, join(h.emulator.stateDir, 'store'), join(h.emulator.stateDir, 'compute'), hostFile, '/dev/fuse', '/sys/fs'];
      const out = await attacker.check(
        `for p in ${paths.map(shQuote).join(' ')}; do test -e "$p" && echo "visible: $p"; done; ` +
          `for r in /proc/[0-9]*/root; do for p in ${paths.map(shQuote).join(' ')}; do test -e "$r$p" && echo "visible: $r$p"; done; done; echo done`,
      );
      expect(out).toBe('done\n');
    } finally {
      await rm(hostFile, { force: true });
    }
  });

  it('cannot mount, unmount, pivot or make namespaces', async () => {
    const attempts: Record<string, string> = {
      'mount-tmpfs': 'mkdir -p /tmp/m && mount -t tmpfs none /tmp/m',
      'mount-bind': 'mount --bind / /tmp',
      'umount-storage': 'umount /mnt/workspace',
      'umount-lazy': 'umount -l /mnt/workspace',
      'remount-usr-rw': 'mount -o remount,rw /usr',
      'unshare-user': 'unshare -r true',
      'unshare-user-unmapped': 'unshare -U true',
      'unshare-mount': 'unshare -m true',
      'unshare-net': 'unshare -n true',
      'unshare-pid': 'unshare -p -f true',
      'nsenter-init': 'nsenter -t 1 -m -u -n -p true',
      'pivot-root': 'mkdir -p /tmp/new && pivot_root /tmp/new /tmp/new',
    };
    const script = Object.entries(attempts)
      .map(([name, cmd]) => `if ( ${cmd} ) >/dev/null 2>&1; then echo ${name}=allowed; else echo ${name}=refused; fi`)
      .join('\n');
    const out = await attacker.check(script);
    expect(out).toBe(Object.keys(attempts).map((n) => `${n}=refused\n`).join(''));
    // The storage is still mounted and writable.
    expect(await attacker.check('echo still > /mnt/workspace/still && cat /mnt/workspace/still')).toBe('still\n');
  });
});

describe('symlinks planted in the storage', () => {
  it('are stored and restored as symlinks: no host file is read, written, chowned or chmodded through them', async () => {
    const victimFile = `/tmp/ssc-victim-${randomUUID()}`;
    await writeFile(victimFile, 'host secret\n');
    await chmod(victimFile, 0o600);
    try {
      const up = `${'../'.repeat(30)}${victimFile.slice(1)}`;
      await attacker.check(
        `cd /mnt/workspace && ln -s ${shQuote(victimFile)} abs && ln -s ${shQuote(up)} rel && ln -s ${shQuote(h.emulator.stateDir)} state && (echo pwned > abs; true)`,
      );
      await attacker.stop();
      const out = await attacker.check('cd /mnt/workspace && readlink abs rel state && cat abs; cat state/store 2>&1 >/dev/null | wc -l');
      // Inside, `abs` reaches the sandbox's own /tmp (where the write landed, and which did not survive the stop).
      expect(out).toBe(`${victimFile}\n${up}\n${h.emulator.stateDir}\n1\n`);
      const st = await lstat(victimFile);
      expect({ content: await readFile(victimFile, 'utf8'), uid: st.uid, mode: st.mode & 0o7777 }).toEqual({ content: 'host secret\n', uid: 0, mode: 0o600 });
      // In the store they are symlinks too, not copies of what they point to.
      const { stdout } = await execa('find', [join(h.emulator.stateDir, 'store'), '-name', 'abs', '-o', '-name', 'rel', '-o', '-name', 'state']);
      const stored = stdout.trim().split('\n').filter(Boolean);
      expect(stored.length).toBeGreaterThanOrEqual(3);
      for (const p of stored) expect((await lstat(p)).isSymbolicLink(), p).toBe(true);
    } finally {
      await rm(victimFile, { force: true });
    }
  });
});

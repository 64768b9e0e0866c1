// The session's root is the microVM's root: a container's default capabilities and 65,536 ids of its own (issue 12).
// Adversarial checks that those powers end where the session ends: ids outside its range, the host's files, other
// sessions' processes, the kernel, the emulator's port; and that a range is the session's alone, from the moment it
// is claimed until no process of it is left. The checks of the sandbox without these powers are adversarial.test.ts.
import { execa } from 'execa';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shQuote } from '../../../fixtures/shell.ts';
import type { Session } from '../../../fixtures/session.ts';
import { idRange, type IdRange } from '../../../emulator/sandbox/id-range.ts';
import { pidsInRange, statusUids } from '../../../emulator/sandbox/processes.ts';
import { DEFAULT_LOCK_DIR } from '../../../emulator/sessions/uid-pool.ts';
import { startHarness, type Harness } from '../__test-helpers__/emulator-harness.ts';
import { aliveNotZombie, startUnkillable } from '../__test-helpers__/unkillable.ts';

let h: Harness;
let victim: Session;
let attacker: Session;
const logs: string[] = [];

beforeAll(async () => {
  h = await startHarness({ log: (m) => logs.push(m) });
  const runtime = await h.resources.create();
  victim = h.resources.open(runtime, { label: 'victim' });
  attacker = h.resources.open(runtime, { label: 'attacker' });
  await victim.check('echo victim-data > /mnt/workspace/v');
});
afterAll(async () => h?.close());

/** The session's range, from its uid map (`0 BASE 65536`), checked equal to its gid map. */
async function rangeOf(s: Session): Promise<IdRange> {
  const [uids, gids] = (await s.check('cat /proc/self/uid_map /proc/self/gid_map')).trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
  expect(uids).toEqual(gids);
  expect(uids![0]).toBe(0);
  return idRange(uids![1]!, uids![2]!);
}

/** Starts `sleep 600` in the background as inside id `id`, marked; returns its host pid. */
async function backgroundAs(s: Session, id: number): Promise<number> {
  const marker = `ssc-root-${randomUUID()}`;
  const drop = id === 0 ? '' : `setpriv --reuid ${id} --regid ${id} --clear-groups `;
  await s.check(`nohup ${drop}bash -c ${shQuote(`exec -a ${marker} sleep 600`)} >/dev/null 2>&1 & until pgrep -f ${shQuote(`^${marker} `)} >/dev/null; do sleep 0.05; done`);
  const { stdout } = await execa('pgrep', ['-f', `^${marker} `]);
  return Number(stdout.trim());
}

const hostUidOf = (pid: number): number => statusUids(readFileSync(`/proc/${pid}/status`, 'latin1'))[0]!;

const lockOf = (range: IdRange): string | undefined => {
  try {
    return readFileSync(join(DEFAULT_LOCK_DIR, String(range.base)), 'utf8');
  } catch {
    return undefined;
  }
};

/** A python3 snippet (statements on one line, `;`-separated) run in the session; prints `ok` or the errno's name. */
const errnoProbe = (name: string, statements: string): string =>
  `printf '%s=' ${name}; python3 -c ${shQuote(
    `import ctypes, errno, os, platform, socket, time\nlibc = ctypes.CDLL(None, use_errno=True)\nCLONE = {'x86_64': 56, 'aarch64': 220}[platform.machine()]\ndef call(r):\n    if r != 0: raise OSError(ctypes.get_errno(), '')\ntry:\n    ${statements}\n    print('ok')\nexcept OSError as e:\n    print(errno.errorcode.get(e.errno, e.errno))`,
  )}`;

describe('ids: 65,536 of them per session, on a range of host ids of its own', () => {
  it('chown and setuid work for ids in the range and fail outside it; on the host, inside id i is base + i', async () => {
    const name = `ids-${randomUUID()}`;
    const out = await attacker.check(
      [
        `cd /tmp && touch ${name} outside`,
        `chown 65535:65535 ${name} && stat -c %u:%g ${name}`,
        `chown 65536:65536 outside 2>/dev/null && echo chown-outside-ok || echo chown-outside-refused`,
        'setpriv --reuid 1000 --regid 1000 --clear-groups id -u',
        'setpriv --reuid 65536 --regid 65536 --clear-groups true 2>/dev/null && echo setuid-outside-ok || echo setuid-outside-refused',
      ].join('; '),
    );
    expect(out).toBe('65535:65535\nchown-outside-refused\n1000\nsetuid-outside-refused\n');
    const range = await rangeOf(attacker);
    const { stdout } = await execa('find', [join(h.emulator.stateDir, 'compute'), '-path', `*/tmp/${name}`, '-printf', '%U:%G']);
    expect(stdout).toBe(`${range.base + 65_535}:${range.base + 65_535}`);
  });

  it('two live sessions have disjoint ranges, and their processes run on them', async () => {
    const [a, b] = [await rangeOf(victim), await rangeOf(attacker)];
    expect(a.size).toBe(65_536);
    expect(b.size).toBe(65_536);
    expect(a.base + a.size <= b.base || b.base + b.size <= a.base, `${a.base} and ${b.base} overlap`).toBe(true);
    expect(hostUidOf(await backgroundAs(victim, 1000))).toBe(a.base + 1000);
    expect(hostUidOf(await backgroundAs(attacker, 4242))).toBe(b.base + 4242);
  });

  it('a stop kills every process of the range, whatever id it runs as, and only then gives the range back', async () => {
    const s = h.resources.open(attacker.runtime, { label: 'reaped' });
    const range = await rangeOf(s);
    const pids = [await backgroundAs(s, 0), await backgroundAs(s, 1000), await backgroundAs(s, 65_535)];
    expect(pids.map(hostUidOf)).toEqual([range.base, range.base + 1000, range.base + 65_535]);
    await s.stop();
    expect(pids.filter((pid) => pidsInRange(range).includes(pid))).toEqual([]);
    // The range goes back to the pool (or already to another emulator of this host) once nothing of it is left.
    await expect.poll(() => lockOf(range) !== String(process.pid), { timeout: 10_000 }).toBe(true);
  });

  it('a range with a process that survives the kill is retired, not given back', { timeout: 60_000 }, async () => {
    const s = h.resources.open(attacker.runtime, { label: 'survivor' });
    const range = await rangeOf(s);
    // A host process with an id of the range that outlives every SIGKILL (see unkillable.ts).
    const survivor = await startUnkillable(range.base + 7);
    try {
      expect(pidsInRange(range)).toContain(survivor.pid);
      await s.stop();
      await expect.poll(() => logs.some((l) => l.includes(`ids ${range.base}+65536 retired`)), { timeout: 30_000 }).toBe(true);
      expect(aliveNotZombie(survivor.pid), 'the survivor was killed after all: the test proves nothing').toBe(true);
      expect(lockOf(range)).toBe(String(process.pid));
    } finally {
      await survivor.release();
    }
    expect(pidsInRange(range)).toEqual([]);
  });
});

/** The system's, not whatever a user's PATH puts first (it must run as any id). */
const PYTHON = '/usr/bin/python3';

describe("root's capabilities end at the session", () => {
  it("cannot read or write the host's files, whatever their mode, while it can its own", async () => {
    const out = await attacker.check(
      [
        // Owned by host root and group shadow, mode 0640: ids the session does not map, so CAP_DAC_OVERRIDE does not apply.
        'stat -c %u:%g /etc/shadow',
        'cat /etc/shadow >/dev/null 2>&1 && echo shadow-read || echo shadow-refused',
        'touch /mnt/x 2>/dev/null && echo mnt-written || echo mnt-refused',
        'mkdir /mnt/y 2>/dev/null && echo mnt-mkdir || echo mnt-mkdir-refused',
        // Its own files: the capabilities apply, as to root's in a microVM.
        'cd /tmp && echo mine > own && chmod 000 own && cat own',
      ].join('; '),
    );
    expect(out).toBe('65534:65534\nshadow-refused\nmnt-refused\nmnt-mkdir-refused\nmine\n');
  });

  it('with storage disabled, gets EACCES for creating or writing anything under /mnt (the blog saw [Errno 13])', async () => {
    const disabled = h.resources.open(await h.resources.create({ label: 'disabled', filesystemConfigurations: undefined }));
    const out = await disabled.check(
      [
        errnoProbe('mkdir-mount-path', `os.makedirs('/mnt/workspace', exist_ok=True)`),
        errnoProbe('create-under-mnt', `open('/mnt/x', 'w')`),
        errnoProbe('write-in-mount-path', `open('/mnt/workspace/x', 'w')`),
        errnoProbe('list-mnt', `assert os.listdir('/mnt') == []`),
      ].join('; '),
    );
    expect(out).toBe('mkdir-mount-path=EACCES\ncreate-under-mnt=EACCES\nwrite-in-mount-path=ENOENT\nlist-mnt=ok\n');
  });

  it("cannot signal, trace or look into another session's processes", async () => {
    const hostPid = await backgroundAs(victim, 0);
    const out = await attacker.check(
      [
        `test -e /proc/${hostPid} && echo proc-visible || echo proc-hidden`,
        errnoProbe('kill', `os.kill(${hostPid}, 9)`),
        errnoProbe('ptrace', `call(libc.ptrace(16, ${hostPid}, None, None))`),
        errnoProbe('pidfd', `os.close(os.pidfd_open(${hostPid}))`),
      ].join('; '),
    );
    expect(out).toBe('proc-hidden\nkill=ESRCH\nptrace=ESRCH\npidfd=ESRCH\n');
    const status = readFileSync(`/proc/${hostPid}/status`, 'latin1');
    expect(status).toMatch(/^TracerPid:\s+0$/m);
    expect(status).not.toMatch(/^State:\s+[ZX]/m);
  });

  it('cannot mount, make namespaces, load modules, set the clock or the host name, reconfigure its network, open raw sockets or make devices', async () => {
    const probes: Record<string, string> = {
      mount: `call(libc.mount(b'none', b'/tmp', b'tmpfs', 0, None))`,
      'unshare-user': 'call(libc.unshare(0x10000000))',
      // clone(CLONE_NEWUSER | SIGCHLD); a child that got through would leave at once.
      'clone-user': `r = libc.syscall(CLONE, 0x10000000 | 17, 0, 0, 0, 0); r == 0 and os._exit(0); call(0 if r > 0 else -1)`,
      clone3: 'call(libc.syscall(435, None, 0))',
      'unshare-mount': 'call(libc.unshare(0x00020000))',
      'unshare-net': 'call(libc.unshare(0x40000000))',
      'raise-userns-limit': `open('/proc/sys/user/max_user_namespaces', 'w').write('100')`,
      'init-module': `call(libc.init_module(b'\\0' * 64, 64, b''))`,
      'delete-module': `call(libc.delete_module(b'fuse', 0))`,
      'set-clock': 'time.clock_settime(time.CLOCK_REALTIME, 0)',
      'set-hostname': `call(libc.sethostname(b'x', 1))`,
      // SIOCSIFFLAGS: loopback down.
      'link-down': `import fcntl, struct; fcntl.ioctl(socket.socket(), 0x8914, struct.pack('16sH14x', b'lo', 0))`,
      'raw-socket': 'socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)',
      mknod: `os.mknod('/tmp/null', 0o20666, os.makedev(1, 3))`,
      // LINUX_REBOOT_CMD_CAD_OFF: harmless wherever it were allowed.
      reboot: 'call(libc.reboot(0))',
    };
    const out = await attacker.check(Object.entries(probes).map(([name, code]) => errnoProbe(name, code)).join('; '));
    const seen = Object.fromEntries(out.trim().split('\n').map((l) => l.split('=') as [string, string]));
    expect(Object.keys(seen)).toEqual(Object.keys(probes));
    for (const [name, errno] of Object.entries(seen)) expect(errno, name).not.toBe('ok');
    // The seccomp filter is what refuses a user namespace (it needs no capability): EPERM, and ENOSYS for clone3.
    expect([seen['unshare-user'], seen['clone-user'], seen.clone3]).toEqual(['EPERM', 'EPERM', 'ENOSYS']);
    // The storage is still mounted and writable, the clock and the host untouched.
    expect(await attacker.check('echo still > /mnt/workspace/still && cat /mnt/workspace/still')).toBe('still\n');
  });

  it('keeps fork, threads and process spawning working under the seccomp filter (clone3 falls back to clone)', async () => {
    const out = await attacker.check(
      [
        `python3 -c ${shQuote("import threading; t = threading.Thread(target=print, args=('thread',)); t.start(); t.join()")}`,
        `python3 -c ${shQuote("import subprocess; print(subprocess.run(['echo', 'spawned'], capture_output=True, text=True).stdout, end='')")}`,
        `node -e ${shQuote("const { Worker } = require('worker_threads'); new Worker('require(\"worker_threads\").parentPort.postMessage(1)', { eval: true }).on('message', () => console.log(require('child_process').execFileSync('echo', ['worker']).toString().trim()))")}`,
      ].join('; '),
    );
    expect(out).toBe('thread\nspawned\nworker\n');
  });

  it('can chroot, as root in a container can, but not out of its own root', async () => {
    const escape = [
      "import os",
      "os.makedirs('/tmp/jail', exist_ok=True)",
      "top = os.open('/', os.O_RDONLY)",
      "os.chroot('/tmp/jail')",
      "os.fchdir(top)",
      "[os.chdir('..') for _ in range(64)]",
      "os.chroot('.')",
      "print(' '.join(sorted(os.listdir('/'))))",
    ].join('\n');
    const out = await attacker.check(`ls -A / | tr '\\n' ' ' | sed 's/ $//'; echo; python3 -c ${shQuote(escape)}; test -e ${shQuote(h.emulator.stateDir)} && echo state-visible || echo state-hidden`);
    const [own, escaped, state] = out.trim().split('\n');
    expect(escaped).toBe(own);
    expect(state).toBe('state-hidden');
  });

  it("cannot reach the emulator's port from any id of any session range (the peer guard, behind the network namespace)", async () => {
    const range = await rangeOf(attacker);
    const port = new URL(h.emulator.endpoint).port;
    const fetchHealth = (uid: number) =>
      execa('setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', PYTHON, '-c', HEALTH, port], { reject: false }).then((r) => r.stdout.trim());
    // From the host, as ids of the session's range (where a session would be, were it on the host's network)...
    for (const id of [range.base, range.base + 1000, range.base + 65_535]) expect(await fetchHealth(id), `host id ${id}`).toBe('refused');
    // ...but not as another unprivileged id: the refusal is the guard's, not a broken request.
    expect(await fetchHealth(65_534)).toBe('answered');
  });
});

/** GET /_ssc/health on 127.0.0.1:<argv[1]>: `answered` or `refused`. */
const HEALTH = `
import socket, sys
try:
    s = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=5)
    s.sendall(b'GET /_ssc/health HTTP/1.0\\r\\n\\r\\n')
    print('answered' if b'liveSessions' in s.recv(65536) else 'refused')
except OSError:
    print('refused')
`;

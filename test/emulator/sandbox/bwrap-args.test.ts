import { describe, expect, it } from 'vitest';
import { buildBwrapArgs, mntEntryOf, normaliseMountPath, sandboxCommand, SESSION_CAPABILITIES, type SandboxLayout } from '../../../emulator/sandbox/bwrap-args.ts';

const layout: SandboxLayout = {
  mntDir: '/state/compute/k/mnt',
  tmpDir: '/state/compute/k/tmp',
  homeDir: '/state/compute/k/home',
  initFd: 3,
  infoFd: 4,
  userNamespaceBlockFd: 5,
  seccompFd: 6,
  hostname: 'localhost',
  interpreter: '/usr/bin/python3',
  network: 'own',
};

/** Pairs like ['--bind', src, dest] as strings, for order-insensitive assertions. */
const triples = (args: string[], flag: string, arity: number) =>
  args.flatMap((a, i) => (a === flag ? [args.slice(i + 1, i + 1 + arity).join(' ')] : []));

describe('buildBwrapArgs', () => {
  const args = buildBwrapArgs(layout);

  it('isolates: every namespace, ids mapped by the emulator before bwrap goes on, a seccomp filter, dies with the emulator', () => {
    for (const flag of ['--unshare-all', '--unshare-user', '--die-with-parent', '--new-session', '--clearenv']) expect(args).toContain(flag);
    expect(triples(args, '--userns-block-fd', 1)).toEqual(['5']);
    // Nested user namespaces: the seccomp filter, since --disable-userns cannot go with the block fd.
    expect(triples(args, '--seccomp', 1)).toEqual(['6']);
    expect(args).not.toContain('--disable-userns');
    expect(triples(args, '--uid', 1)).toEqual(['0']);
    expect(triples(args, '--gid', 1)).toEqual(['0']);
  });

  it("gives root a container's default capabilities and nothing that breaks isolation or the network plan", () => {
    expect(triples(args, '--cap-drop', 1)).toEqual(['ALL']);
    // The drop comes first: bwrap applies them in order.
    expect(args.indexOf('--cap-drop')).toBeLessThan(args.indexOf('--cap-add'));
    expect(triples(args, '--cap-add', 1)).toEqual([...SESSION_CAPABILITIES]);
    for (const cap of ['CAP_SYS_ADMIN', 'CAP_NET_ADMIN', 'CAP_NET_RAW', 'CAP_SYS_PTRACE', 'CAP_SYS_MODULE', 'CAP_SYS_TIME', 'CAP_SYS_RESOURCE', 'CAP_DAC_READ_SEARCH', 'CAP_SYS_RAWIO', 'CAP_SYS_BOOT', 'CAP_BPF'])
      expect(SESSION_CAPABILITIES, cap).not.toContain(cap);
    for (const cap of ['CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FOWNER', 'CAP_SETUID', 'CAP_SETGID', 'CAP_KILL']) expect(SESSION_CAPABILITIES, cap).toContain(cap);
  });

  it("shows the host only read-only, and only /usr and /etc; writable only the session's own directories", () => {
    expect(triples(args, '--ro-bind', 2).sort()).toEqual(['/etc /etc', '/usr /usr']);
    expect(triples(args, '--bind', 2).sort()).toEqual(['/state/compute/k/home /root', '/state/compute/k/mnt /mnt', '/state/compute/k/tmp /tmp']);
  });

  it("gives the session its own network namespace (the agent's port 8080 is per session)", () => {
    expect(args).toContain('--unshare-all');
    expect(args).not.toContain('--share-net');
  });

  it("shows the runtime's agent read-only at /app, and nothing there without one", () => {
    expect(triples(buildBwrapArgs({ ...layout, appDir: '/state/agents/0' }), '--ro-bind', 2)).toContain('/state/agents/0 /app');
    expect(args.join(' ')).not.toContain('/app');
  });

  it('binds the session\'s /mnt directory and nothing under it: the storage arrives from the host (propagation)', () => {
    expect(args.join(' ')).not.toContain('/mnt/');
    expect(args).not.toContain('--remount-ro');
    expect(args).not.toContain('--tmpfs');
  });

  it('reports the pid-namespace init on the info fd, before the command', () => {
    const at = args.indexOf('--info-fd');
    expect(args[at + 1]).toBe('4');
    expect(at).toBeLessThan(args.indexOf('/usr/bin/python3'));
  });

  it('normalises one trailing slash of the mount path', () => {
    expect(normaliseMountPath('/mnt/data/')).toBe('/mnt/data');
    expect(normaliseMountPath('/mnt/data')).toBe('/mnt/data');
  });

  it('names the entry under /mnt, refusing paths that name /mnt itself or leave it', () => {
    expect(mntEntryOf('/mnt/workspace')).toBe('workspace');
    expect(mntEntryOf('/mnt/my.data-1_/')).toBe('my.data-1_');
    expect(mntEntryOf('/mnt/...')).toBe('...');
    for (const bad of ['/mnt/.', '/mnt/..', '/mnt/../', '/mnt/a/b', '/tmp/x', '/mnt/']) expect(() => mntEntryOf(bad), bad).toThrow(/directly under \/mnt/);
  });
});

describe('the network a sandbox gets', () => {
  it('own: a namespace of its own (loopback only), bwrap started directly as the base id', () => {
    expect(buildBwrapArgs(layout)).not.toContain('--share-net');
    expect(sandboxCommand(['--x'], 1879048192, undefined)).toEqual({ file: 'bwrap', args: ['--x'], ids: { uid: 1879048192, gid: 1879048192 } });
  });

  it('joined: bwrap keeps the prepared namespace it is started in, entered by nsenter, which becomes the base id before exec', () => {
    const args = buildBwrapArgs({ ...layout, network: 'joined', resolvConf: { fd: 7, path: '/run/systemd/resolve/stub-resolv.conf' } });
    expect(args).toContain('--share-net');
    expect(args).toContain('--unshare-all');
    // The replacement resolv.conf goes over the host's /etc, so after its bind.
    expect(triples(args, '--ro-bind-data', 2)).toContain('7 /run/systemd/resolve/stub-resolv.conf');
    expect(args.indexOf('--ro-bind-data')).toBeGreaterThan(args.indexOf('/etc'));
    const run = sandboxCommand(['--x'], 1879048192, '/proc/42/ns/net');
    expect(run).toEqual({ file: 'nsenter', args: ['--net=/proc/42/ns/net', '-S', '1879048192', '-G', '1879048192', '--', 'bwrap', '--x'], ids: {} });
  });
});

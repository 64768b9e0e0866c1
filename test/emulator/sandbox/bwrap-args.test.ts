import { describe, expect, it } from 'vitest';
import { buildBwrapArgs, normaliseMountPath, type SandboxLayout } from '../../../emulator/sandbox/bwrap-args.ts';

const layout: SandboxLayout = {
  storageDir: '/state/compute/k/storage',
  mountPath: '/mnt/workspace',
  writableMnt: false,
  tmpDir: '/state/compute/k/tmp',
  homeDir: '/state/compute/k/home',
  initFd: 3,
  hostname: 'localhost',
  interpreter: '/usr/bin/python3',
};

/** Pairs like ['--bind', src, dest] as strings, for order-insensitive assertions. */
const triples = (args: string[], flag: string, arity: number) =>
  args.flatMap((a, i) => (a === flag ? [args.slice(i + 1, i + 1 + arity).join(' ')] : []));

describe('buildBwrapArgs', () => {
  const args = buildBwrapArgs(layout);

  it('isolates: every namespace, no nested user namespaces, no capabilities, dies with the emulator', () => {
    for (const flag of ['--unshare-all', '--unshare-user', '--disable-userns', '--die-with-parent', '--new-session', '--clearenv'])
      expect(args).toContain(flag);
    expect(triples(args, '--cap-drop', 1)).toEqual(['ALL']);
    expect(triples(args, '--uid', 1)).toEqual(['0']);
  });

  it('shows the host only read-only, and only /usr and /etc', () => {
    expect(triples(args, '--ro-bind', 2).sort()).toEqual(['/etc /etc', '/usr /usr']);
    expect(triples(args, '--bind', 2).sort()).toEqual([
      '/state/compute/k/home /root',
      '/state/compute/k/storage /mnt/workspace',
      '/state/compute/k/tmp /tmp',
    ]);
  });

  it("gives the session its own network namespace (the agent's port 8080 is per session)", () => {
    expect(args).toContain('--unshare-all');
    expect(args).not.toContain('--share-net');
  });

  it("shows the runtime's agent read-only at /app, and nothing there without one", () => {
    expect(triples(buildBwrapArgs({ ...layout, appDir: '/state/agents/0' }), '--ro-bind', 2)).toContain('/state/agents/0 /app');
    expect(args.join(' ')).not.toContain('/app');
  });

  it('makes /mnt read-only after placing the session mount under it', () => {
    const mount = args.indexOf('/mnt/workspace');
    const remount = args.indexOf('--remount-ro');
    expect(mount).toBeGreaterThan(0);
    expect(remount).toBeGreaterThan(mount);
    expect(args[remount + 1]).toBe('/mnt');
  });

  it('mounts nothing under /mnt when storage is disabled', () => {
    const off = buildBwrapArgs({ ...layout, storageDir: undefined, mountPath: undefined });
    expect(off.join(' ')).not.toContain('/mnt/workspace');
    expect(off).toContain('--remount-ro');
  });

  it('reports the pid-namespace init on the info fd when asked, before the command', () => {
    expect(args).not.toContain('--info-fd');
    const withInfo = buildBwrapArgs({ ...layout, infoFd: 4 });
    const at = withInfo.indexOf('--info-fd');
    expect(withInfo[at + 1]).toBe('4');
    expect(at).toBeLessThan(withInfo.indexOf('/usr/bin/python3'));
  });

  it('normalises one trailing slash of the mount path', () => {
    expect(normaliseMountPath('/mnt/data/')).toBe('/mnt/data');
    expect(normaliseMountPath('/mnt/data')).toBe('/mnt/data');
  });
});

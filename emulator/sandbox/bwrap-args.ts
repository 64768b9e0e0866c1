// Pure construction of the bubblewrap command line for one session's compute. Kept free of I/O so the isolation
// policy can be read (and snapshot-tested) in one place.
//
// The sandbox is started by the root emulator *as the session's unprivileged host uid*, so bwrap builds an
// unprivileged user namespace: uid 0 inside maps to that uid outside, every capability is dropped, no new privileges,
// no nested user namespaces. bwrap resolves bind sources as the session uid (even `--bind-fd` is realpath'd), so the
// session's own directories must be reachable by that uid; the state directory is therefore 0711 and each session's
// directory 0700 owned by its uid, while the store stays root-only.

export interface SandboxLayout {
  /** Host directory of the session storage, or undefined when session storage is disabled. */
  storageDir: string | undefined;
  /** Where the storage appears inside, e.g. `/mnt/workspace` (no trailing slash). */
  mountPath: string | undefined;
  /** Skip making /mnt read-only; only a deviation (a deliberately broken target) asks for this. */
  writableMnt: boolean;
  /** Host directories behind /tmp and $HOME: ephemeral, thrown away when the compute stops. */
  tmpDir: string;
  homeDir: string;
  /** fd from which bwrap reads the in-sandbox init script. */
  initFd: number;
  /** fd on which bwrap reports the host pid of the sandbox's pid-namespace init (`{"child-pid": N}`). */
  infoFd?: number | undefined;
  hostname: string;
  /** Absolute path (under /usr, visible inside) of the interpreter that runs the init. */
  interpreter: string;
  /** Host directory of the runtime's agent (its image or code bundle), shown read-only at /app; none: no agent. */
  appDir?: string | undefined;
}

export const INIT_PATH_INSIDE = '/run/ssc/init.py';
export const HOME_INSIDE = '/root';
export const APP_INSIDE = '/app';

/** Host directories made visible read-only. /usr carries every tool; /etc is needed for users, certs, resolv.conf. */
const READ_ONLY_BINDS = ['/usr', '/etc'] as const;
const MERGED_USR_LINKS = [
  ['usr/bin', '/bin'],
  ['usr/sbin', '/sbin'],
  ['usr/lib', '/lib'],
  ['usr/lib64', '/lib64'],
] as const;

export function buildBwrapArgs(layout: SandboxLayout): string[] {
  const args: string[] = [
    // Namespaces: all of them, and then forbid creating more (no `unshare -r` escape hatch).
    '--unshare-all',
    '--unshare-user',
    '--disable-userns',
    // The network namespace is the session's own (loopback only): its agent listens on 8080 like every other
    // session's, and the emulator reaches it through the init (tunnel.ts). The price: no outbound network.
    '--uid', '0',
    '--gid', '0',
    '--hostname', layout.hostname,
    '--die-with-parent',
    '--new-session',
    '--cap-drop', 'ALL',
    '--clearenv',
    '--setenv', 'PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    '--setenv', 'HOME', HOME_INSIDE,
  ];
  for (const dir of READ_ONLY_BINDS) args.push('--ro-bind', dir, dir);
  for (const [target, link] of MERGED_USR_LINKS) args.push('--symlink', target, link);
  args.push(
    '--proc', '/proc',
    '--dev', '/dev',
    '--bind', layout.tmpDir, '/tmp',
    '--bind', layout.homeDir, HOME_INSIDE,
    '--ro-bind-data', String(layout.initFd), INIT_PATH_INSIDE,
    ...(layout.appDir !== undefined ? ['--ro-bind', layout.appDir, APP_INSIDE] : []),
    // /mnt is an empty tmpfs made read-only after the session mount (if any) is placed under it: with storage
    // disabled nothing under /mnt is writable, which is what the real service shows (Permission denied).
    '--tmpfs', '/mnt',
  );
  if (layout.storageDir !== undefined && layout.mountPath !== undefined) {
    args.push('--bind', layout.storageDir, layout.mountPath);
  }
  if (!layout.writableMnt) args.push('--remount-ro', '/mnt');
  // -S -E: no site packages, no PYTHON* variables: the init depends on nothing the host may have configured.
  // Killing that pid ends the whole pid namespace at once (see compute.ts).
  if (layout.infoFd !== undefined) args.push('--info-fd', String(layout.infoFd));
  args.push('--chdir', HOME_INSIDE, layout.interpreter, '-S', '-E', INIT_PATH_INSIDE);
  return args;
}

/** `/mnt/data/` → `/mnt/data`: the API allows one trailing slash, the mount point has none. */
export const normaliseMountPath = (mountPath: string): string =>
  mountPath.length > 1 && mountPath.endsWith('/') ? mountPath.slice(0, -1) : mountPath;

// Pure construction of the bubblewrap command line for one session's compute. Kept free of I/O so the isolation
// policy can be read (and snapshot-tested) in one place.
//
// The sandbox is started by the root emulator *as the base id of the session's range* (id-range.ts), so bwrap builds
// an unprivileged user namespace, into which the emulator maps the whole range: inside id i is host id base + i. Root
// inside keeps a container's default capabilities, which act only on the session's own ids; no new privileges, no
// nested user namespaces (a seccomp filter, seccomp.ts). bwrap resolves bind sources as the base id (even `--bind-fd` is realpath'd), so the
// session's own directories must be reachable by it; the state directory is therefore 0711 and each session's
// directory 0700 owned by the base id, while the store stays root-only.

export interface SandboxLayout {
  /**
   * Host directory shown at /mnt. It belongs to an id outside the session's range (host root), so the session's root,
   * capabilities and all, cannot write it (EACCES, as AgentCore answers with storage disabled). The storage is
   * mounted under it *from the host*, before or after the sandbox starts (mount propagation; see sessions/mnt-dir.ts).
   */
  mntDir: string;
  /** Host directories behind /tmp and $HOME: ephemeral, thrown away when the compute stops. */
  tmpDir: string;
  homeDir: string;
  /** fd from which bwrap reads the in-sandbox init script. */
  initFd: number;
  /** fd on which bwrap reports the host pid of the sandbox's pid-namespace init (`{"child-pid": N}`). */
  infoFd: number;
  /** fd bwrap reads one byte from before it goes on: by then the emulator has written the namespace's id maps. */
  userNamespaceBlockFd: number;
  /** fd from which bwrap reads the seccomp filter (seccomp.ts) it installs before running the init. */
  seccompFd: number;
  hostname: string;
  /** Absolute path (under /usr, visible inside) of the interpreter that runs the init. */
  interpreter: string;
  /** Host directory of the runtime's agent (its image or code bundle), shown read-only at /app; none: no agent. */
  appDir?: string | undefined;
  /**
   * `own`: a network namespace of the sandbox's own, loopback only. `joined`: the namespace bwrap is started in,
   * which the emulator prepared (network/session-network.ts: outbound through slirp4netns, the host's addresses
   * blackholed, owned by the host so the session cannot change it).
   */
  network: 'own' | 'joined';
  /** In a joined network: fd from which bwrap reads a resolv.conf to show at `path` (network/resolver.ts). */
  resolvConf?: { fd: number; path: string } | undefined;
}

export const INIT_PATH_INSIDE = '/run/ssc/init.py';
export const HOME_INSIDE = '/root';
export const APP_INSIDE = '/app';

/**
 * The session's root has what a container runtime gives root by default (Docker's set), scoped to the session's own
 * user namespace: it acts only on ids mapped into the session (its range), so CAP_DAC_OVERRIDE opens nothing owned by
 * the host or another session, and CAP_KILL reaches only the session's own pid namespace. Left out, because each
 * would break the isolation or the network plan: CAP_SYS_ADMIN (mount, namespaces), CAP_NET_ADMIN (routes, which a
 * per-session network would rely on), CAP_NET_RAW (raw packets past that network's rules), CAP_SYS_PTRACE,
 * CAP_SYS_RESOURCE (rlimits, the session's own namespace limits), CAP_DAC_READ_SEARCH (open_by_handle_at),
 * CAP_SYS_MODULE, CAP_SYS_TIME, CAP_SYS_BOOT, CAP_SYS_RAWIO, CAP_SYS_NICE, CAP_IPC_LOCK, CAP_LINUX_IMMUTABLE,
 * CAP_MAC_*, CAP_BPF, CAP_PERFMON, CAP_SYSLOG and the rest. DESIGN.md ("Privileges") says why, one by one.
 */
export const SESSION_CAPABILITIES = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETPCAP',
  'CAP_SETFCAP',
  'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT',
  'CAP_MKNOD',
  'CAP_AUDIT_WRITE',
] as const;

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
    // Namespaces: all of them. The user namespace's id maps are written by the emulator (bwrap, started as the range's
    // base id, could map only that one id) while bwrap waits on the block fd (user-namespace.ts). Nested user
    // namespaces: refused by the seccomp filter, since bwrap's own --disable-userns cannot go with a block fd.
    '--unshare-all',
    '--unshare-user',
    ...(layout.network === 'joined' ? ['--share-net'] : []),
    '--userns-block-fd', String(layout.userNamespaceBlockFd),
    '--seccomp', String(layout.seccompFd),
    // The network namespace is the session's own either way, so its agent listens on 8080 like every other
    // session's and the emulator reaches it through the init (tunnel.ts): bwrap's (loopback only), or the one
    // prepared for it, which bwrap is started in (`--share-net` keeps it).
    '--uid', '0',
    '--gid', '0',
    '--hostname', layout.hostname,
    '--die-with-parent',
    '--new-session',
    '--cap-drop', 'ALL',
    ...SESSION_CAPABILITIES.flatMap((cap) => ['--cap-add', cap]),
    '--clearenv',
    '--setenv', 'PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    '--setenv', 'HOME', HOME_INSIDE,
  ];
  for (const dir of READ_ONLY_BINDS) args.push('--ro-bind', dir, dir);
  if (layout.resolvConf) args.push('--ro-bind-data', String(layout.resolvConf.fd), layout.resolvConf.path);
  for (const [target, link] of MERGED_USR_LINKS) args.push('--symlink', target, link);
  args.push(
    '--proc', '/proc',
    '--dev', '/dev',
    '--bind', layout.tmpDir, '/tmp',
    '--bind', layout.homeDir, HOME_INSIDE,
    '--ro-bind-data', String(layout.initFd), INIT_PATH_INSIDE,
    ...(layout.appDir !== undefined ? ['--ro-bind', layout.appDir, APP_INSIDE] : []),
    '--bind', layout.mntDir, '/mnt',
    // Killing that pid ends the whole pid namespace at once (see compute.ts).
    '--info-fd', String(layout.infoFd),
    // -S -E: no site packages, no PYTHON* variables: the init depends on nothing the host may have configured.
    '--chdir', HOME_INSIDE, layout.interpreter, '-S', '-E', INIT_PATH_INSIDE,
  );
  return args;
}

/**
 * The process that starts the sandbox: bwrap as the range's base id; or, to join a prepared network namespace (which
 * the host owns, so entering it needs root), nsenter, which enters it, becomes the base id (no supplementary groups,
 * no capabilities) and execs bwrap, so bwrap is still the emulator's child and runs exactly as before.
 */
export function sandboxCommand(bwrapArgs: readonly string[], base: number, netns: string | undefined): { file: string; args: string[]; ids: { uid?: number; gid?: number } } {
  if (netns === undefined) return { file: 'bwrap', args: [...bwrapArgs], ids: { uid: base, gid: base } };
  return { file: 'nsenter', args: [`--net=${netns}`, '-S', String(base), '-G', String(base), '--', 'bwrap', ...bwrapArgs], ids: {} };
}

/** `/mnt/data/` → `/mnt/data`: the API allows one trailing slash, the mount point has none. */
export const normaliseMountPath = (mountPath: string): string =>
  mountPath.length > 1 && mountPath.endsWith('/') ? mountPath.slice(0, -1) : mountPath;

/**
 * `/mnt/data` → `data`, the entry the storage is mounted at under the session's /mnt directory. The API's pattern lets
 * `/mnt/.` and `/mnt/..` through, which would name /mnt itself or the directory above it: refused here.
 */
export function mntEntryOf(mountPath: string): string {
  const m = /^\/mnt\/([^/]+)$/.exec(normaliseMountPath(mountPath));
  if (!m || m[1] === '.' || m[1] === '..') throw new Error(`mount path ${JSON.stringify(mountPath)} does not name a directory directly under /mnt`);
  return m[1]!;
}

// Checks the host can run sessions before the emulator accepts a request, so a missing prerequisite is one clear
// message at start-up instead of a 500 on the first command.
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { execa } from 'execa';
import { supportedArchitectures } from './sandbox/seccomp.ts';

export class PreflightError extends Error {
  override readonly name = 'PreflightError';
}

export async function preflight(stateDir: string, o: { fuse: boolean; network: 'public' | 'none' }): Promise<void> {
  if (process.getuid?.() !== 0)
    throw new PreflightError(
      'The emulator must run as root: it gives every session its own range of unprivileged ids and sandbox. Run it with sudo or as root.',
    );
  try {
    await execa('bwrap', ['--version']);
  } catch {
    throw new PreflightError('bubblewrap (bwrap) is not installed: run `apt-get install -y bubblewrap` and start again.');
  }
  if (!supportedArchitectures().includes(process.arch))
    throw new PreflightError(
      `The session sandboxes' seccomp filter knows no ${process.arch} system calls (known: ${supportedArchitectures().join(', ')}): the emulator cannot run sessions on this machine.`,
    );
  if (!(await stat('/usr/bin/python3').then(() => true, () => false)))
    throw new PreflightError('/usr/bin/python3 is missing: the session sandboxes run their init on it (apt-get install -y python3).');
  if (o.fuse && !(await isCharDevice('/dev/fuse')))
    throw new PreflightError('/dev/fuse is missing: the session filesystem needs FUSE (modprobe fuse), or start with storage "plain".');
  if (o.network === 'public') await checkNetworkStack();
  await checkTraversable(stateDir);
}

/** What outbound networking needs (network/session-network.ts); `--network none` needs none of it. */
async function checkNetworkStack(): Promise<void> {
  const tools = [['slirp4netns', '--version', 'slirp4netns'], ['ip', '-V', 'iproute2'], ['nsenter', '--version', 'util-linux'], ['unshare', '--version', 'util-linux']] as const;
  const found = await Promise.all(tools.map(([command, flag]) => execa(command, [flag]).then(() => true, () => false)));
  const missing = tools.filter((_, i) => !found[i]).map(([command, , pkg]) => `${command} (${pkg})`);
  if (missing.length > 0)
    throw new PreflightError(
      `Outbound network for sessions (--network public, the default) needs ${missing.join(', ')}: run \`bash scripts/install-deps.sh\` ` +
        `(or apt-get install -y ${[...new Set(missing.map((m) => /\((.*)\)/.exec(m)![1]))].join(' ')}), or start with --network none (SSC_EMULATOR_NETWORK=none for npm test) to give every session loopback only.`,
    );
}

async function isCharDevice(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isCharacterDevice(),
    () => false,
  );
}

/**
 * bwrap resolves the session's bind mounts as the session's unprivileged uid, so every ancestor of the state
 * directory must be searchable (o+x) by other users. Listing rights are not needed.
 */
async function checkTraversable(stateDir: string): Promise<void> {
  let dir = resolve(stateDir);
  for (;;) {
    const parent = dirname(dir);
    if (parent === dir) return;
    dir = parent;
    const st = await stat(dir).catch(() => undefined);
    if (!st) continue;
    if ((st.mode & 0o001) === 0)
      throw new PreflightError(
        `State directory ${stateDir} is not reachable by the sandboxes' unprivileged uids: ${dir} has mode ` +
          `${(st.mode & 0o777).toString(8)} (needs o+x). Choose a --state-dir under /tmp or /var/lib, or chmod o+x ${dir}.`,
      );
  }
}

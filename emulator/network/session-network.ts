// One session's outbound network: a network namespace owned by the host (so nothing in the session, whatever
// capabilities it held, could change its routes), with the loopback up, a blackhole route for each of the host's
// addresses, and slirp4netns relaying everything else out through the host's sockets. The sandbox joins it
// (`nsenter --net`, then `bwrap --share-net`) instead of making a loopback-only namespace of its own.
//
// Two processes per network, both children of the emulator in process groups of their own:
// - the holder (`unshare --net`, then `cat`): keeps the namespace alive and nameable (/proc/PID/ns/net) before the
//   sandbox joins it and while routes are added later; it exits when its stdin closes;
// - slirp4netns, sandboxed (its own mount namespace, capabilities dropped, seccomp), which exits when its exit fd
//   (its stdin) closes.
// Both pipes are the emulator's: closing them ends the network, and so does the emulator's death, SIGKILL included,
// since the kernel closes them then. Nothing else holds the namespace (slirp's tap fd does, until slirp exits).
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { OWN_PROCESS_GROUP } from '../util/own-process-group.ts';
import { ALWAYS_BLACKHOLED, blackholeCommands } from './host-addresses.ts';

/** MTU of the session's tap device: slirp4netns's maximum, as rootless container engines use it (fewer packets). */
const MTU = 65520;
/** How long a network may take to come up before it counts as failed. */
const READY_TIMEOUT_MS = 15_000;
/** How long close waits for the processes to exit on their pipes' EOF before SIGKILL. */
const EXIT_GRACE_MS = 2_000;

/**
 * Runs in the new namespace as host root: the loopback up and the blackholes (one `ip -batch`, the routes as the
 * script's arguments), then what the session may do without capabilities: bind ports below 1024 (root in the
 * session had CAP_NET_BIND_SERVICE for its own namespace; this one belongs to the host) and open ICMP echo sockets
 * (`ping`). Then it holds the namespace until its stdin closes.
 */
const HOLDER_SCRIPT = [
  'set -e',
  "printf '%s\\n' \"$@\" | ip -batch -",
  'echo 0 > /proc/sys/net/ipv4/ip_unprivileged_port_start',
  "echo '0 2147483647' > /proc/sys/net/ipv4/ping_group_range",
  'echo ready',
  // Not `exec cat`: the shell keeps its name (the `ssc-netns-holder` argument), so the process says what it is.
  'while read -r _; do :; done',
].join('\n');

export class NetworkError extends Error {
  override readonly name = 'NetworkError';
}

export class SessionNetwork {
  readonly #holder: ChildProcess;
  readonly #slirp: ChildProcess;
  readonly #exited: Promise<void>;
  #closing: Promise<void> | undefined;

  private constructor(holder: ChildProcess, slirp: ChildProcess) {
    this.#holder = holder;
    this.#slirp = slirp;
    this.#exited = Promise.all([exitOf(holder), exitOf(slirp)]).then(() => undefined);
    // One of them gone ends the other: a holder without slirp4netns is a namespace with no way out, and the reverse
    // cannot have its routes kept up to date.
    void Promise.race([exitOf(holder), exitOf(slirp)]).then(() => this.close());
  }

  /** Resolves once both processes have exited, however that came about. */
  get closed(): Promise<void> {
    return this.#exited;
  }

  /**
   * A descriptor of the namespace (the caller closes it), for `nsenter --net=/proc/<emulator>/fd/N`. Never a path: were the
   * holder to die and its pid be reused, a path would name another process's namespace, the host's perhaps. Checked
   * and opened in one synchronous step: a child Node has not reaped yet keeps its pid, and a dead one's namespace
   * cannot be opened.
   */
  openNamespace(): number {
    if (!this.alive) throw new NetworkError('the session network has ended');
    return openSync(`/proc/${this.#holder.pid}/ns/net`, 'r');
  }

  /** Host pids of its processes (holder, slirp4netns), for tests that check nothing outlives a session. */
  get pids(): number[] {
    return [this.#holder.pid!, this.#slirp.pid!];
  }

  /** Alive: both processes run (a network whose slirp4netns died would leave the session without a way out). */
  get alive(): boolean {
    return this.#closing === undefined && this.#holder.exitCode === null && this.#slirp.exitCode === null && this.#holder.signalCode === null && this.#slirp.signalCode === null;
  }

  /** Sets up a namespace and starts slirp4netns on it; resolves once the session could connect out. */
  static async prepare(blackholes: readonly string[]): Promise<SessionNetwork> {
    const holder = spawn('unshare', ['--net', '--', 'sh', '-c', HOLDER_SCRIPT, 'ssc-netns-holder', 'link set lo up', ...blackholeCommands([...ALWAYS_BLACKHOLED, ...blackholes])], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' },
      ...OWN_PROCESS_GROUP,
    });
    holder.stdin!.on('error', () => {});
    try {
      await firstOutput(holder, holder.stdout!, 'the network namespace holder');
    } catch (e) {
      await ended(holder);
      throw e;
    }
    // In a mount namespace of its own, private throughout: slirp4netns's sandbox makes only / private before it
    // pivots and detaches the old root, and in the host's namespace that detach propagates through every shared
    // mount, the emulators' session mounts among them (seen here: the sessions' filesystems were unmounted).
    const slirp = spawn(
      'unshare',
      ['--mount', '--propagation', 'private', '--', 'slirp4netns', '--configure', `--mtu=${MTU}`, '--disable-host-loopback', '--enable-sandbox', '--enable-seccomp', '--exit-fd=0', '--ready-fd=3', '--netns-type=path', `/proc/${holder.pid}/ns/net`, 'tap0'],
      { stdio: ['pipe', 'ignore', 'pipe', 'pipe'], env: {}, ...OWN_PROCESS_GROUP },
    );
    slirp.stdin!.on('error', () => {});
    const network = new SessionNetwork(holder, slirp);
    try {
      await firstOutput(slirp, slirp.stdio[3] as NodeJS.ReadableStream, 'slirp4netns');
    } catch (e) {
      await network.close();
      throw e;
    }
    return network;
  }

  /** Blackholes more of the host's addresses (added after the namespace was prepared). */
  async addBlackholes(addresses: readonly string[]): Promise<void> {
    if (addresses.length === 0 || !this.alive) return;
    const ns = this.openNamespace();
    const child = spawn('nsenter', [`--net=/proc/${process.pid}/fd/${ns}`, '--', 'ip', '-batch', '-'], { stdio: ['pipe', 'ignore', 'pipe'], env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' }, ...OWN_PROCESS_GROUP });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.stdin!.on('error', () => {});
    child.stdin!.end(blackholeCommands(addresses).join('\n') + '\n');
    const [code] = await exitOf(child).finally(() => closeSync(ns));
    if (code !== 0) throw new NetworkError(`adding blackhole routes for ${addresses.join(', ')} failed: ${stderr.trim()}`);
  }

  /** Ends both processes (their pipes close; SIGKILL if they linger) and resolves once they have exited. */
  close(): Promise<void> {
    return (this.#closing ??= (async () => {
      await Promise.all([ended(this.#holder), ended(this.#slirp)]);
      await this.#exited;
    })());
  }
}

function exitOf(child: ChildProcess): Promise<[number | null, NodeJS.Signals | null]> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve([child.exitCode, child.signalCode]);
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve([code, signal]));
    child.once('error', () => resolve([-1, null]));
  });
}

/** Closes the child's stdin (its signal to exit), SIGKILL after the grace period; resolves on its exit. */
async function ended(child: ChildProcess): Promise<void> {
  child.stdin?.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_GRACE_MS);
  await exitOf(child);
  clearTimeout(timer);
}

/** Resolves on the first bytes on `stream`: the process is ready. Rejects with its stderr if it exits first. */
function firstOutput(child: ChildProcess, stream: NodeJS.ReadableStream, what: string): Promise<void> {
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-2000)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new NetworkError(`${what} was not ready within ${READY_TIMEOUT_MS} ms: ${stderr.trim() || 'no output'}`)), READY_TIMEOUT_MS);
    stream.once('data', () => {
      clearTimeout(timer);
      resolve();
    });
    void exitOf(child).then(([code, signal]) => {
      clearTimeout(timer);
      reject(new NetworkError(`${what} exited (${signal ?? `code ${code}`}) before it was ready: ${stderr.trim() || 'no output'}`));
    });
  });
}

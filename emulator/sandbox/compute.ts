// One session's compute: a bubblewrap sandbox running the session init, and the pipe to it, over which commands
// (commands.ts) and connections (tunnel.ts) travel. Start → run commands (streamed) → kill. The compute is
// disposable: stopping a session kills it, and resuming starts a new one, exactly like the microVM of the real service.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Duplex } from 'node:stream';
import { buildBwrapArgs, sandboxCommand } from './bwrap-args.ts';
import { Commands, type CommandEvent, type RunOptions } from './commands.ts';
import type { IdRange } from './id-range.ts';
import { sigkillAllInRange } from './processes.ts';
import { encodeInitRequest, type InitMessage, type InitRequest } from './init-protocol.ts';
import { Tunnels } from './tunnel.ts';
import { openUserNamespace } from './user-namespace.ts';
import { userNamespaceFilter } from './seccomp.ts';
import { OWN_PROCESS_GROUP } from '../util/own-process-group.ts';

const INIT_SOURCE = readFileSync(new URL('./session-init.py', import.meta.url), 'utf8');
/** Built once, on first use: it depends only on the host's architecture (preflight.ts checks that one is known). */
let seccompFilter: Buffer | undefined;

/** The init runs on the system python of the read-only /usr the sandbox sees. */
const PYTHON = '/usr/bin/python3';

export interface ComputeOptions {
  /** The session's host ids: bwrap runs as the base, the whole range is mapped in. */
  range: IdRange;
  /** Host directory shown at /mnt, under which the session's storage is mounted from the host (bwrap-args.ts). */
  mntDir: string;
  /** Host directories backing /tmp and $HOME inside; owned by the range's base. */
  tmpDir: string;
  homeDir: string;
  hostname: string;
  /** Host directory of the runtime's agent, shown read-only at /app (see bwrap-args.ts). */
  appDir?: string | undefined;
  /** How long the sandbox may take to report ready. */
  startTimeoutMs?: number;
  /** A prepared namespace to start in, and a resolv.conf to show (network/); none: a loopback-only one of its own. */
  network?: { openNamespace(): number; resolvConf: { text: string; path: string } | undefined } | undefined;
}

export class SessionCompute {
  readonly #child: ChildProcess;
  readonly #range: IdRange;
  readonly #commands = new Commands();
  readonly #tunnels = new Tunnels();
  #nextId = 1;
  #exited = false;
  /** Host pid of the sandbox's pid-namespace init, as bwrap reports it. */
  #namespaceInit: number | undefined;
  readonly exited: Promise<void>;
  #stderrTail = '';

  private constructor(child: ChildProcess, range: IdRange) {
    this.#child = child;
    this.#range = range;
    this.exited = new Promise((resolve) => {
      child.once('exit', () => {
        this.#exited = true;
        this.#commands.failAll();
        this.#tunnels.closeAll();
        resolve();
      });
    });
    child.stderr?.on('data', (d: Buffer) => {
      this.#stderrTail = (this.#stderrTail + d.toString('utf8')).slice(-2000);
    });
  }

  static async start(o: ComputeOptions): Promise<SessionCompute> {
    const [initFd, infoFd, userNamespaceBlockFd, seccompFd, resolvConfFd] = [3, 4, 5, 6, 7];
    const resolvConf = o.network?.resolvConf;
    const args = buildBwrapArgs({
      mntDir: o.mntDir,
      tmpDir: o.tmpDir,
      homeDir: o.homeDir,
      initFd,
      infoFd,
      userNamespaceBlockFd,
      seccompFd,
      hostname: o.hostname,
      interpreter: PYTHON,
      appDir: o.appDir,
      network: o.network ? 'joined' : 'own',
      resolvConf: resolvConf && { fd: resolvConfFd, path: resolvConf.path },
    });
    const { base } = o.range;
    // nsenter opens the namespace through the emulator's own descriptor, held until bwrap runs: passed down, the
    // descriptor would stay open in every process of the sandbox.
    const ns = o.network?.openNamespace();
    const run = sandboxCommand(args, base, ns === undefined ? undefined : `/proc/${process.pid}/fd/${ns}`);
    const stdio = Array<'pipe'>(resolvConf ? 8 : 7).fill('pipe');
    const child = spawn(run.file, run.args, { ...run.ids, stdio, env: {}, ...OWN_PROCESS_GROUP });
    const compute = new SessionCompute(child, o.range);
    // A sandbox that dies early closes these pipes; the exit is reported through `exited`, not as a stream error.
    for (const s of child.stdio) s?.on('error', () => {});
    (child.stdio[initFd] as NodeJS.WritableStream).end(INIT_SOURCE);
    (child.stdio[seccompFd] as NodeJS.WritableStream).end((seccompFilter ??= userNamespaceFilter()));
    if (resolvConf) (child.stdio[resolvConfFd] as NodeJS.WritableStream).end(resolvConf.text);
    const ready = compute.#listen(o.startTimeoutMs ?? 15_000);
    try {
      compute.#namespaceInit = await Promise.race([
        openUserNamespace({ info: child.stdio[infoFd] as NodeJS.ReadableStream, block: child.stdio[userNamespaceBlockFd] as NodeJS.WritableStream, range: o.range }),
        compute.exited.then(() => Promise.reject(new Error(`sandbox exited during start: ${compute.#stderrTail.trim() || 'no output'}`))),
      ]);
    } catch (e) {
      ready.catch(() => undefined);
      await compute.kill();
      throw e;
    } finally {
      // bwrap reported its sandbox, so nsenter has long entered the namespace.
      if (ns !== undefined) closeSync(ns);
    }
    await ready;
    return compute;
  }

  #listen(startTimeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`sandbox did not start within ${startTimeoutMs} ms: ${this.#stderrTail.trim()}`));
        void this.kill();
      }, startTimeoutMs);
      void this.exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`sandbox exited during start: ${this.#stderrTail.trim() || 'no output'}`));
      });
      createInterface({ input: this.#child.stdout! }).on('line', (line) => {
        let m: InitMessage;
        try {
          m = JSON.parse(line) as InitMessage;
        } catch {
          return;
        }
        if (m.op === 'ready') {
          clearTimeout(timer);
          resolve();
        } else this.#onMessage(m);
      });
    });
  }

  #onMessage(m: Exclude<InitMessage, { op: 'ready' }>): void {
    if (m.op === 'recv' || m.op === 'closed') this.#tunnels.deliver(m);
    else this.#commands.deliver(m);
  }

  get alive(): boolean {
    return !this.#exited;
  }

  /** Commands running (not detached ones) plus connections open into the sandbox (invocations of its agent). */
  get inFlight(): number {
    return this.#tunnels.size + this.#commands.running;
  }

  /** Runs `bash -c command` in the sandbox; events arrive as the command produces output. */
  run(command: string, o: RunOptions): AsyncIterable<CommandEvent> {
    if (this.#exited) return Commands.failed();
    return this.#commands.run(this.#nextId++, command, o, (m) => this.#send(m));
  }

  /** A TCP connection to `port` on the sandbox's own loopback (see tunnel.ts). */
  connect(port: number): Duplex {
    const socket = this.#tunnels.open(this.#nextId++, port, (m) => this.#send(m));
    if (this.#exited) this.#tunnels.closeAll();
    return socket;
  }

  #send(message: InitRequest): void {
    this.#child.stdin?.write(encodeInitRequest(message) + '\n');
  }

  /**
   * Kills every process in the sandbox and waits until they are gone. SIGKILL to the pid namespace's init makes the
   * kernel kill everything in the namespace, and bwrap (its parent) exits only once it has reaped that init, which
   * happens after every other process of the namespace is gone: bwrap's exit is the proof, no /proc scan needed.
   * Without the init's pid (a sandbox dying during start) bwrap itself is killed, and the kill of every process of
   * the range that follows (sessions/live-session.ts) is the backstop.
   */
  async kill(): Promise<void> {
    this.#signal();
    await this.exited;
  }

  #signal(): void {
    if (this.#exited) return;
    try {
      if (this.#namespaceInit === undefined) throw new Error('pid not known');
      process.kill(this.#namespaceInit, 'SIGKILL');
    } catch {
      this.#child.kill('SIGKILL');
    }
  }

  /**
   * SIGKILL to every process of the session's id range, synchronously, without waiting. For a session whose filesystem
   * server died: once this returns every process has a fatal signal pending, so when the waiting file operations are
   * then failed, none of them returns to run code that would see the error (the namespace's own teardown is
   * asynchronous and would leave that window open). The caller then `kill()`s as usual.
   */
  signalAllNow(): void {
    this.#signal();
    sigkillAllInRange(this.#range);
  }
}

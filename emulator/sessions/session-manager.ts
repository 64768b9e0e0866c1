// Sessions keyed by (runtime, session id). The first call provisions compute (a fresh sandbox) with the session's
// storage restored from the store; Stop (explicit, idle, max lifetime) kills every process, persists the storage
// and discards everything else. The next call resumes on new compute.
import { chmod, chown, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import type { Clock } from '../clock.ts';
import type { ResolvedRuntime, RuntimeEvent } from '../control/types.ts';
import type { Deviation } from '../deviations.ts';
import { normaliseMountPath } from '../sandbox/bwrap-args.ts';
import { SessionCompute, type CommandEvent } from '../sandbox/compute.ts';
import { sessionKey, type SessionStore } from '../store/session-store.ts';
import { KeyedMutex } from '../util/keyed-mutex.ts';
import { dueStop, STORE_RETENTION_MS, storeExpired, type StopReason } from './lifecycle-rules.ts';
import { UidPool } from './uid-pool.ts';

export interface SessionManagerOptions {
  /** Root-owned directory (0711) under which each live session gets its compute directory. */
  computeRoot: string;
  store: SessionStore;
  clock: Clock;
  deviations: ReadonlySet<Deviation>;
  log: (message: string) => void;
  uidPool?: UidPool;
  storeRetentionMs?: number;
}

interface LiveSession {
  readonly key: string;
  readonly runtime: ResolvedRuntime;
  readonly runtimeSessionId: string;
  readonly uid: number;
  readonly dir: string;
  readonly storageDir: string | undefined;
  readonly compute: SessionCompute;
  readonly startedAt: number;
  lastActivityAt: number;
  stopping: boolean;
}

/** Written into each compute directory so a restarted emulator can salvage a session it lost in a crash. */
interface ComputeMarker {
  key: string;
  agentRuntimeId: string;
  runtimeSessionId: string;
  agentRuntimeVersion: string;
  lastInvokedAt: number;
}

export type StopOutcome = 'stopped' | 'not-running' | 'unknown';

export class SessionManager {
  readonly #o: SessionManagerOptions;
  readonly #live = new Map<string, LiveSession>();
  readonly #mutex = new KeyedMutex();
  readonly #uids: UidPool;
  #closed = false;

  constructor(o: SessionManagerOptions) {
    this.#o = o;
    this.#uids = o.uidPool ?? new UidPool();
  }

  /** Prepares the directories and salvages the storage of sessions a crashed emulator left running. */
  async init(): Promise<void> {
    await mkdir(this.#o.computeRoot, { recursive: true, mode: 0o711 });
    for (const name of await readdir(this.#o.computeRoot)) {
      const dir = join(this.#o.computeRoot, name);
      const marker = await readFile(join(dir, 'session.json'), 'utf8')
        .then((t) => JSON.parse(t) as ComputeMarker)
        .catch(() => undefined);
      if (marker) {
        this.#o.log(`salvaging session ${marker.runtimeSessionId} of ${marker.agentRuntimeId} left by an earlier run`);
        await this.#o.store.save(marker.key, join(dir, 'storage'), marker).catch(() => undefined);
      }
      await rm(dir, { recursive: true, force: true });
    }
  }

  get liveCount(): number {
    return this.#live.size;
  }

  /** Runs a command in the session, provisioning or resuming its compute first. */
  async runCommand(runtime: ResolvedRuntime, runtimeSessionId: string, command: string, timeoutSeconds: number): Promise<AsyncIterable<CommandEvent>> {
    const live = await this.#ensureLive(runtime, runtimeSessionId);
    live.lastActivityAt = this.#o.clock.now();
    const events = live.compute.run(command, { env: commandEnv(runtime), timeoutMs: timeoutSeconds * 1000 });
    const clock = this.#o.clock;
    return (async function* () {
      try {
        yield* events;
      } finally {
        live.lastActivityAt = clock.now();
      }
    })();
  }

  async stop(agentRuntimeId: string, runtimeSessionId: string, reason: StopReason | 'stop-request' = 'stop-request'): Promise<StopOutcome> {
    const key = sessionKey(agentRuntimeId, runtimeSessionId);
    return this.#mutex.run(key, async () => {
      const live = this.#live.get(key);
      if (live) {
        this.#o.log(`stopping session ${runtimeSessionId} (${reason})`);
        await this.#teardown(live, { persist: true });
        return 'stopped';
      }
      return (await this.#o.store.readMeta(key)) ? 'not-running' : 'unknown';
    });
  }

  /** Applies idle timeouts, max lifetimes and the store's idle expiry as of the clock's now. */
  async sweep(): Promise<void> {
    const now = this.#o.clock.now();
    for (const live of [...this.#live.values()]) {
      const reason = dueStop(
        { startedAt: live.startedAt, lastActivityAt: live.lastActivityAt, commandsInFlight: live.compute.inFlight },
        live.runtime.lifecycle,
        now,
      );
      if (reason) await this.stop(live.runtime.agentRuntimeId, live.runtimeSessionId, reason);
    }
    for (const { key, meta } of await this.#o.store.listMetas()) {
      if (this.#live.has(key)) continue;
      if (storeExpired(meta.lastInvokedAt, now, this.#o.storeRetentionMs ?? STORE_RETENTION_MS)) {
        await this.#mutex.run(key, async () => {
          if (!this.#live.has(key)) {
            this.#o.log(`session data of ${meta.runtimeSessionId} expired after idle retention`);
            await this.#o.store.wipe(key);
          }
        });
      }
    }
  }

  /** A new version or a deletion resets the runtime's sessions: live ones end, stored data is cleared. */
  async onRuntimeEvent(event: RuntimeEvent): Promise<void> {
    const wipe = event.kind === 'runtime-deleted' || !this.#o.deviations.has('no-wipe-on-update');
    for (const live of [...this.#live.values()]) {
      if (live.runtime.agentRuntimeId !== event.agentRuntimeId) continue;
      await this.#mutex.run(live.key, async () => {
        if (this.#live.get(live.key) === live) await this.#teardown(live, { persist: !wipe });
      });
    }
    if (!wipe) return;
    for (const { key, meta } of await this.#o.store.listMetas()) {
      if (meta.agentRuntimeId === event.agentRuntimeId) await this.#mutex.run(key, () => this.#o.store.wipe(key));
    }
  }

  /** Stops every session (persisting storage), as on a graceful shutdown of the service. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#live.values()].map((l) => this.stop(l.runtime.agentRuntimeId, l.runtimeSessionId)));
  }

  async #ensureLive(runtime: ResolvedRuntime, runtimeSessionId: string): Promise<LiveSession> {
    const key = sessionKey(runtime.agentRuntimeId, runtimeSessionId);
    return this.#mutex.run(key, async () => {
      if (this.#closed) throw new Error('the emulator is shutting down');
      const existing = this.#live.get(key);
      if (existing && existing.compute.alive && existing.runtime.agentRuntimeVersion === runtime.agentRuntimeVersion) return existing;
      if (existing) await this.#teardown(existing, { persist: existing.runtime.agentRuntimeVersion === runtime.agentRuntimeVersion });
      return this.#provision(key, runtime, runtimeSessionId);
    });
  }

  async #provision(key: string, runtime: ResolvedRuntime, runtimeSessionId: string): Promise<LiveSession> {
    const now = this.#o.clock.now();
    const uid = this.#uids.allocate();
    const dir = join(this.#o.computeRoot, `${key}-${randomBytes(4).toString('hex')}`);
    try {
      await mkdirOwned(dir, 0o700, uid);
      const tmpDir = join(dir, 'tmp');
      const homeDir = join(dir, 'home');
      await mkdirOwned(tmpDir, 0o1777, uid);
      await mkdirOwned(homeDir, 0o700, uid);
      const storage = runtime.sessionStorage;
      const storageDir = storage ? await this.#prepareStorage(key, runtime, dir, uid) : undefined;
      const marker: ComputeMarker = {
        key,
        agentRuntimeId: runtime.agentRuntimeId,
        runtimeSessionId,
        agentRuntimeVersion: runtime.agentRuntimeVersion,
        lastInvokedAt: now,
      };
      await writeFile(join(dir, 'session.json'), JSON.stringify(marker), { mode: 0o600 });
      const compute = await SessionCompute.start({
        uid,
        gid: uid,
        storageDir,
        mountPath: storage ? normaliseMountPath(storage.mountPath) : undefined,
        writableMnt: !storage && this.#o.deviations.has('writable-mnt-when-disabled'),
        tmpDir,
        homeDir,
        hostname: 'localhost',
      });
      const live: LiveSession = { key, runtime, runtimeSessionId, uid, dir, storageDir, compute, startedAt: now, lastActivityAt: now, stopping: false };
      this.#live.set(key, live);
      // Compute that dies on its own (e.g. a command killed its init) ends the session like a stop would.
      void compute.exited.then(() => {
        if (!live.stopping) void this.stop(runtime.agentRuntimeId, runtimeSessionId);
      });
      this.#o.log(`session ${runtimeSessionId} of ${runtime.agentRuntimeId} v${runtime.agentRuntimeVersion} on uid ${uid}`);
      return live;
    } catch (e) {
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
      this.#uids.release(uid);
      throw e;
    }
  }

  /** Creates the storage directory and restores the session's stored tree into it, if it belongs to this version. */
  async #prepareStorage(key: string, runtime: ResolvedRuntime, dir: string, uid: number): Promise<string> {
    if (this.#o.deviations.has('shared-storage')) {
      const shared = join(this.#o.computeRoot, `shared-${sessionKey(runtime.agentRuntimeId, '')}`);
      await mkdir(shared, { recursive: true, mode: 0o777 });
      return shared;
    }
    const storageDir = join(dir, 'storage');
    await mkdir(storageDir, { mode: 0o755 });
    const meta = await this.#o.store.readMeta(key);
    if (meta && meta.agentRuntimeVersion !== runtime.agentRuntimeVersion && !this.#o.deviations.has('no-wipe-on-update')) {
      await this.#o.store.wipe(key);
    } else if (meta) {
      await this.#o.store.restore(key, storageDir);
    } else if (this.#o.deviations.has('stale-first-mount')) {
      await writeFile(join(storageDir, '.stale'), 'left over\n');
    }
    await execa('chown', ['-R', '-h', `${uid}:${uid}`, storageDir]);
    return storageDir;
  }

  async #teardown(live: LiveSession, o: { persist: boolean }): Promise<void> {
    if (o.persist && this.#o.deviations.has('keep-compute-on-stop') && live.compute.alive) {
      await this.#persist(live);
      return;
    }
    live.stopping = true;
    this.#live.delete(live.key);
    await live.compute.kill();
    if (o.persist) await this.#persist(live);
    await rm(live.dir, { recursive: true, force: true });
    this.#uids.release(live.uid);
  }

  async #persist(live: LiveSession): Promise<void> {
    if (!live.storageDir || this.#o.deviations.has('no-persist-on-stop') || this.#o.deviations.has('shared-storage')) return;
    if (this.#o.deviations.has('drop-recent-writes-on-stop'))
      await execa('find', [live.storageDir, '-mindepth', '1', '-newermt', `@${(Date.now() - 2000) / 1000}`, '-delete']).catch(() => undefined);
    await this.#o.store.save(live.key, live.storageDir, {
      agentRuntimeId: live.runtime.agentRuntimeId,
      runtimeSessionId: live.runtimeSessionId,
      agentRuntimeVersion: live.runtime.agentRuntimeVersion,
      lastInvokedAt: live.lastActivityAt,
    });
  }
}

async function mkdirOwned(path: string, mode: number, uid: number): Promise<void> {
  await mkdir(path, { mode });
  await chown(path, uid, uid);
  // mkdir's mode is filtered by the umask; sticky and group/other bits must be exact.
  await chmod(path, mode);
}

/** The command's environment: the runtime's variables over a minimal base; nothing carries over between calls. */
function commandEnv(runtime: ResolvedRuntime): Record<string, string> {
  return {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: '/root',
    LANG: 'C.UTF-8',
    ...runtime.environmentVariables,
  };
}

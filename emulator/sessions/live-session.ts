// One live session's compute, from provisioning to giving its ids back: its id range, its compute directory, its
// sandbox, and its storage, which is mounted when something first uses it (the guide: the mount path is there at
// invocation, not while the agent initialises). The session manager decides when; this module does it.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SessionAgent } from '../agent/session-agent.ts';
import type { ResolvedRuntime } from '../control/types.ts';
import type { NetworkLease } from '../network/network-pool.ts';
import { mntEntryOf } from '../sandbox/bwrap-args.ts';
import { SessionCompute } from '../sandbox/compute.ts';
import type { IdRange } from '../sandbox/id-range.ts';
import { killAllInRange } from '../sandbox/processes.ts';
import type { StoredSessionMeta } from '../store/session-store.ts';
import { createComputeDir } from './compute-dir.ts';
import { unmountEverythingUnder } from '../util/noatime-bind.ts';
import type { SessionStorage, StorageKind } from './storage.ts';
import type { IdRangePool } from './uid-pool.ts';

export interface LiveSession {
  readonly key: string;
  readonly runtime: ResolvedRuntime;
  readonly runtimeSessionId: string;
  readonly range: IdRange;
  readonly dir: string;
  readonly meta: StoredSessionMeta;
  /** Host path the storage is mounted at (under the session's /mnt directory); none: storage disabled. */
  readonly mountpoint: string | undefined;
  /** The mounted storage, once `attaching` settled. */
  storage: SessionStorage | undefined;
  attaching?: Promise<SessionStorage>;
  readonly compute: SessionCompute;
  /** The agent process, started by the first invocation. */
  agent?: SessionAgent;
  /** Its outbound network; none: loopback only (a VPC runtime, or `--network none`). */
  readonly network: NetworkLease | undefined;
  readonly startedAt: number;
  lastActivityAt: number;
  stopping: boolean;
}

export interface ProvisionOptions {
  key: string;
  runtime: ResolvedRuntime;
  runtimeSessionId: string;
  now: number;
  /** A command mounts the storage at once (side by side with the sandbox's start); an invocation after its agent. */
  by: 'command' | 'agent';
  computeRoot: string;
  ids: IdRangePool;
  /** Host directory of the runtime's agent, shown at /app. */
  appDir: string | undefined;
  /** Outbound networks (network/); none: every session is loopback-only (`--network none`). */
  networks: { take(): Promise<NetworkLease> } | undefined;
  storage: StorageKind;
  keepOutside: boolean;
  writableMnt: boolean;
  openStorage(live: LiveSession): Promise<SessionStorage>;
  log(message: string): void;
}

/** A fresh compute for the session; when `by` a command, with its storage mounted. Nothing is left behind on failure. */
export async function provisionLive(o: ProvisionOptions): Promise<LiveSession> {
  const { key, runtime, runtimeSessionId, now } = o;
  const range = o.ids.allocate();
  const meta: StoredSessionMeta = {
    agentRuntimeId: runtime.agentRuntimeId,
    endpointName: runtime.endpointName,
    runtimeSessionId,
    agentRuntimeVersion: runtime.agentRuntimeVersion,
    lastInvokedAt: now,
  };
  const mount = runtime.sessionStorage;
  let dir: string | undefined;
  let live: LiveSession | undefined;
  let compute: SessionCompute | undefined;
  let network: NetworkLease | undefined;
  try {
    // A VPC runtime's session would join its VPC, which the emulator has none of: loopback only.
    if (runtime.networkMode === 'PUBLIC') network = await o.networks?.take();
    const computeDir = await createComputeDir(o.computeRoot, key, range, meta, { storage: o.storage, keepOutside: o.keepOutside, writableMnt: o.writableMnt });
    dir = computeDir.dir;
    const mountpoint = mount ? join(computeDir.mntDir, mntEntryOf(mount.mountPath)) : undefined;
    live = { key, runtime, runtimeSessionId, range, dir, meta, mountpoint, network, storage: undefined, startedAt: now, lastActivityAt: now, stopping: false } as LiveSession;
    // Side by side: a mount made after bwrap copied the host's mount tree still propagates into the sandbox.
    const starting = SessionCompute.start({
      range,
      mntDir: computeDir.mntDir,
      tmpDir: computeDir.tmpDir,
      homeDir: computeDir.homeDir,
      hostname: 'localhost',
      appDir: o.appDir,
      network,
    });
    const attaching = o.by === 'command' && mountpoint ? o.openStorage(live) : undefined;
    live.attaching = attaching;
    const [started, attached] = await Promise.allSettled([starting, attaching]);
    if (started.status === 'fulfilled') compute = started.value;
    if (attached.status === 'fulfilled') live.storage = attached.value;
    if (started.status === 'rejected') throw started.reason;
    if (attached.status === 'rejected') throw attached.reason;
    Object.assign(live, { compute });
    // The network ends with the compute, however that ends (a stop, a crash): nothing of it outlives the session.
    const ending = network;
    if (ending) void compute!.exited.then(() => ending.close());
    return live;
  } catch (e) {
    await compute?.kill();
    await network?.close();
    await live?.storage?.close('no-flush').catch(() => undefined);
    await giveBack(range, dir, o.ids, o.log);
    throw e;
  }
}

/**
 * Mounts the session's storage unless it is (or is being) mounted; resolves once it is. `mounted` runs once, when the
 * storage is there; `failed` when it could not be opened.
 */
export function attachStorage(live: LiveSession, open: () => Promise<SessionStorage>, mounted: (s: SessionStorage) => void, failed: () => void): Promise<void> {
  if (!live.mountpoint || live.stopping) return Promise.resolve();
  if (!live.attaching) {
    live.attaching = open();
    live.attaching.then((storage) => {
      live.storage = storage;
      mounted(storage);
    }, failed);
  }
  return live.attaching.then(() => undefined);
}

/**
 * Kills whatever still runs with the range's ids (the backstop behind the pid namespace; the filesystem server runs
 * as the base id too), removes the compute directory and returns the range, unless a process survived: it would
 * reach the files and processes of the next session given these ids, so the range is retired instead.
 */
export async function giveBack(range: IdRange, dir: string | undefined, ids: IdRangePool, log: (message: string) => void): Promise<void> {
  const processesGone = await killAllInRange(range);
  if (dir !== undefined) {
    // Nothing may still be mounted there: rm would reach through a mount into what it shows.
    await unmountEverythingUnder(dir);
    await rm(dir, { recursive: true, force: true }).catch((e) => log(`could not remove ${dir}: ${String(e)}`));
  }
  if (processesGone) ids.release(range);
  else log(`ids ${range.base}+${range.size} retired: processes survived SIGKILL`);
}

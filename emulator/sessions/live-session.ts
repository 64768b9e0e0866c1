// One live session's compute, from provisioning to giving its ids back: its id range, its compute directory, its
// sandbox, and its storage, which is mounted when something first uses it (the guide: the mount path is there at
// invocation, not while the agent initialises). The session manager decides when; this module does it.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SessionAgent } from '../agent/session-agent.ts';
import type { ResolvedRuntime } from '../control/data-plane-view.ts';
import type { NetworkLease } from '../network/network-pool.ts';
import { mntEntryOf } from '../sandbox/bwrap-args.ts';
import { SessionCompute } from '../sandbox/compute.ts';
import type { IdRange } from '../sandbox/id-range.ts';
import { killAllInRange } from '../sandbox/processes.ts';
import type { StoredSessionMeta } from '../store/session-store.ts';
import { createComputeDir } from './compute-dir.ts';
import { unmountEverythingUnder } from '../util/noatime-bind.ts';
import type { StorageSubject } from './resume-storage.ts';
import type { SessionDefects } from './session-defects.ts';
import type { SessionStorage, StorageKind } from './storage.ts';
import type { IdRangePool } from './uid-pool.ts';

export interface LiveSession {
  readonly key: string;
  readonly runtime: ResolvedRuntime;
  readonly runtimeSessionId: string;
  readonly range: IdRange;
  readonly dir: string;
  /** What the store records of the session, as of its start. */
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

/** What every session's compute is made from, the same for all of them. */
export interface ComputeSource {
  readonly computeRoot: string;
  readonly ids: IdRangePool;
  /** Outbound networks (network/); none: every session is loopback-only (`--network none`). */
  readonly networks: { take(): Promise<NetworkLease> } | undefined;
  readonly storage: StorageKind;
  readonly defects: Pick<SessionDefects, 'outsideMountSurvives' | 'mntWritableWhenDisabled'>;
  openStorage(subject: StorageSubject): Promise<SessionStorage>;
  log(message: string): void;
}

export interface ProvisionRequest {
  readonly key: string;
  readonly runtime: ResolvedRuntime;
  readonly runtimeSessionId: string;
  readonly now: number;
  /** A command mounts the storage at once (side by side with the sandbox's start); an invocation after its agent. */
  readonly by: 'command' | 'agent';
  /** Host directory of the runtime's agent, shown at /app. */
  readonly appDir: string | undefined;
}

/** A fresh compute for the session; when `by` a command, with its storage mounted. Nothing is left behind on failure. */
export async function provisionLive(o: ComputeSource, request: ProvisionRequest): Promise<LiveSession> {
  const { key, runtime, runtimeSessionId, now } = request;
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
  let compute: SessionCompute | undefined;
  let storage: SessionStorage | undefined;
  let network: NetworkLease | undefined;
  try {
    // A VPC runtime's session would join its VPC, which the emulator has none of: loopback only.
    if (runtime.networkMode === 'PUBLIC') network = await o.networks?.take();
    const computeDir = await createComputeDir(o.computeRoot, key, range, meta, {
      storage: o.storage,
      keepOutside: o.defects.outsideMountSurvives,
      writableMnt: !mount && o.defects.mntWritableWhenDisabled,
    });
    dir = computeDir.dir;
    const mountpoint = mount ? join(computeDir.mntDir, mntEntryOf(mount.mountPath)) : undefined;
    // Side by side: a mount made after bwrap copied the host's mount tree still propagates into the sandbox.
    const starting = SessionCompute.start({
      range,
      mntDir: computeDir.mntDir,
      tmpDir: computeDir.tmpDir,
      homeDir: computeDir.homeDir,
      hostname: 'localhost',
      appDir: request.appDir,
      network,
    });
    const attaching = request.by === 'command' && mountpoint ? o.openStorage({ key, runtime, range, dir, mountpoint }) : undefined;
    const [started, attached] = await Promise.allSettled([starting, attaching]);
    if (started.status === 'fulfilled') compute = started.value;
    if (attached.status === 'fulfilled') storage = attached.value;
    if (started.status === 'rejected') throw started.reason;
    if (attached.status === 'rejected') throw attached.reason;
    const sandbox = started.value;
    // The network ends with the compute, however that ends (a stop, a crash): nothing of it outlives the session.
    const ending = network;
    if (ending) void sandbox.exited.then(() => ending.close());
    return {
      key,
      runtime,
      runtimeSessionId,
      range,
      dir,
      meta,
      mountpoint,
      storage,
      ...(attaching ? { attaching } : {}),
      compute: sandbox,
      network,
      startedAt: now,
      lastActivityAt: now,
      stopping: false,
    };
  } catch (e) {
    await compute?.kill();
    await network?.close();
    await storage?.close('replicated', meta).catch(() => undefined);
    await giveBack(range, dir, o.ids, o.log);
    throw e;
  }
}

/** What the store records of the session now. */
export const storedMetaOf = (live: LiveSession): StoredSessionMeta => ({ ...live.meta, lastInvokedAt: live.lastActivityAt });

/**
 * Mounts the session's storage unless it is (or is being) mounted; resolves once it is. `mounted` runs once, when the
 * storage is there; `failed` when it could not be opened.
 */
export function attachStorage(
  live: LiveSession,
  open: (subject: StorageSubject) => Promise<SessionStorage>,
  mounted: (s: SessionStorage) => void,
  failed: () => void,
): Promise<void> {
  const { key, runtime, range, dir, mountpoint } = live;
  if (!mountpoint || live.stopping) return Promise.resolve();
  if (!live.attaching) {
    live.attaching = open({ key, runtime, range, dir, mountpoint });
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

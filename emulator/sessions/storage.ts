// How a live session's storage is provided. Both kinds restore the stored tree into a local cache owned by the
// session's uid, and mount it on the host at the mount point under the session's /mnt directory, whence it
// propagates into the sandbox (host-mounts.ts); they differ in what is mounted there:
//   sessionfs  the cache served through the session filesystem (FUSE), which enforces the operations table and the
//              limits and reports every change to the replicator: asynchronous replication, flushed on stop
//   plain      the cache directory itself, copied to the store whole at stop (no enforcement; a faithful store
//              but not a faithful filesystem: the operations and limits suites are expected to fail on it)
import { mkdir, chown, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import type { SessionFsPolicy } from '../sessionfs/policy.ts';
import { SessionFsMount } from '../sessionfs/mount.ts';
import type { SpawnedServer } from '../sessionfs/server-pool.ts';
import { Replicator } from '../store/replicator.ts';
import { handOverRestored, type RestoredTree } from '../store/restored-tree.ts';
import type { SessionStore, StoredSessionMeta } from '../store/session-store.ts';
import { attrJournalPath } from './compute-dir.ts';
import { bindMount, unmount } from './host-mounts.ts';
import { OWN_PROCESS_GROUP } from '../util/own-process-group.ts';

export type StorageKind = 'sessionfs' | 'plain';

export interface StorageOptions {
  kind: StorageKind;
  key: string;
  /** The session's compute directory (0700, owned by uid). */
  dir: string;
  /** Host path where the storage is mounted: `<session's /mnt directory>/<name>`; created here. */
  mountpoint: string;
  uid: number;
  store: SessionStore;
  /** Restores the stored tree (or not: version mismatch, deviations) into the fresh cache. */
  fill(cache: string): Promise<void>;
  /** The metadata to record when the storage is persisted. */
  meta(): StoredSessionMeta;
  log(message: string): void;
  servers: { take(): SpawnedServer } | undefined;
  policy: SessionFsPolicy;
  /** Replication lag: paths are replicated only after being dirty this long (0: as soon as possible). */
  replicationLagMs?: number;
}

export interface SessionStorage {
  /** Host path of the session's files while it runs (plain: the cache; sessionfs: its mount). */
  readonly source: string;
  /** False once the filesystem server died: the session's compute cannot use its storage any more. */
  readonly healthy: boolean;
  /**
   * Settles when the storage dies on its own (its filesystem server was killed), never after `close`. File operations
   * then wait until `abort()`, so that the session can be failed (its compute killed) before any command sees an error.
   */
  readonly lost?: Promise<void>;
  abort?(): void;
  /**
   * Ends the storage after the compute is gone. `persist: 'flush'` drains everything to the store;
   * `'no-flush'` keeps only what replication had already done; `'discard'` keeps nothing new.
   */
  close(persist: 'flush' | 'no-flush' | 'discard'): Promise<void>;
}

const NOTHING_RESTORED: RestoredTree = { usage: { bytes: 0, entries: 0, metadataBytes: 0 }, attrs: [], chmods: [] };

export async function openStorage(o: StorageOptions): Promise<SessionStorage> {
  const cache = join(o.dir, 'cache');
  await mkdir(cache, { mode: 0o755 });
  await o.fill(cache);
  // Host root's: should the mount go away, what is left there is not the session's to write.
  await mkdir(o.mountpoint, { mode: 0o755 });
  // An empty cache (the common first call) needs no process to hand it over.
  if ((await readdir(cache)).length === 0) {
    await chown(cache, o.uid, o.uid);
    return o.kind === 'plain' ? plainStorage(o, cache) : sessionFsStorage(o, cache, NOTHING_RESTORED);
  }
  if (o.kind === 'plain') {
    await execa('chown', ['-R', '-h', `${o.uid}:${o.uid}`, cache], OWN_PROCESS_GROUP);
    return plainStorage(o, cache);
  }
  return sessionFsStorage(o, cache, await handOverRestored(cache, o.uid, o.uid, o.policy));
}

async function plainStorage(o: StorageOptions, cache: string): Promise<SessionStorage> {
  await bindMount(cache, o.mountpoint);
  return {
    source: cache,
    healthy: true,
    async close(persist) {
      await unmount(o.mountpoint);
      if (persist !== 'discard') await o.store.saveTree(o.key, cache, o.meta());
    },
  };
}

async function sessionFsStorage(o: StorageOptions, cache: string, restored: RestoredTree): Promise<SessionStorage> {
  if (!o.servers) throw new Error('sessionfs storage needs its filesystem servers');
  const { mountpoint } = o;
  // The replica holds what was restored, so replication starts from a replica equal to the cache. Its meta.json is
  // written at Stop (or, after a crash, by the salvage from the compute directory's marker).
  const { tree, tmp } = await o.store.replica(o.key);
  const replicator = new Replicator(cache, tree, tmp, o.log, 200, o.replicationLagMs ?? 0);
  const mount = await SessionFsMount.start({
    servers: o.servers,
    backing: cache,
    mountpoint,
    uid: o.uid,
    gid: o.uid,
    policy: o.policy,
    usage: restored.usage,
    attrs: restored.attrs,
    journal: attrJournalPath(o.dir),
    onDirty: (records) => replicator.mark(records),
    log: o.log,
  });
  let closing = false;
  return {
    source: mountpoint,
    get healthy() {
      return mount.alive;
    },
    lost: new Promise<void>((resolve) => void mount.exited.then(() => !closing && resolve())),
    abort: () => mount.abort(),
    async close(persist) {
      closing = true;
      await mount.unmount();
      if (persist === 'flush') await replicator.flush();
      else replicator.stop();
      if (persist === 'discard') await o.store.wipe(o.key);
      else await o.store.writeMeta(o.key, o.meta());
    },
  };
}

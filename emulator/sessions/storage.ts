// How a live session's storage is provided. Both kinds restore the stored tree into a local cache owned by the
// session's uid (sessionfs, lazily: the cache is an overlay over the stored tree, nothing copied; lazy-cache.ts), and
// mount it on the host at the mount point under the session's /mnt directory, whence it propagates into the sandbox
// (host-mounts.ts); they differ in what is mounted there:
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
import { handOverRestored, listStoredTree, type RestoredTree } from '../store/restored-tree.ts';
import type { SessionStore, StoredSessionMeta } from '../store/session-store.ts';
import { ownersAndModes, usageCounts, type TreeUsage } from '../store/tree-info.ts';
import { readJournal } from '../sessionfs/attr-journal.ts';
import { attrJournalPath, dropComputeMarker } from './compute-dir.ts';
import { mountLazyCache } from './lazy-cache.ts';
import { bindMount, unmount } from './host-mounts.ts';
import { OWN_PROCESS_GROUP } from '../util/own-process-group.ts';

export type StorageKind = 'sessionfs' | 'plain';

/**
 * What ending a storage keeps of what the session wrote: `everything` (the guide's Stop: replication drained first),
 * `replicated` (what replication had done; writes younger than the replication lag are lost), `nothing` (the stored
 * data is deleted).
 */
export type Persist = 'everything' | 'replicated' | 'nothing';

export interface StorageOptions {
  kind: StorageKind;
  key: string;
  /** The session's compute directory (0700, owned by uid). */
  dir: string;
  /** Host path where the storage is mounted: `<session's /mnt directory>/<name>`; created here. */
  mountpoint: string;
  uid: number;
  store: SessionStore;
  /**
   * Resume lazily: serve the stored tree in place and copy entries up as they change (sessionfs only, for a stored
   * tree of this version with something in it; `fill` is then not called).
   */
  lazy?: boolean;
  /** Restores the stored tree (or not: version mismatch, defects) into the fresh cache. */
  fill(cache: string): Promise<void>;
  log(message: string): void;
  servers: { take(): SpawnedServer } | undefined;
  policy: SessionFsPolicy;
  /**
   * Replication lag: paths are replicated only after being dirty this long (0: as soon as possible). A plain storage,
   * copied whole at Stop, loses what changed this recently when it ends with `replicated`.
   */
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
  /** Ends the storage after the compute is gone, keeping `persist` of it with `meta` (ignored for `nothing`). */
  close(persist: Persist, meta: StoredSessionMeta): Promise<void>;
  /** Persists everything now without ending anything; none: there is nothing to do (replication runs all along). */
  persistNow?(meta: StoredSessionMeta): Promise<void>;
}

const NOTHING_RESTORED: RestoredTree = { usage: { bytes: 0, entries: 0, metadataBytes: 0 }, attrs: [], chmods: [] };

export async function openStorage(o: StorageOptions): Promise<SessionStorage> {
  const cache = join(o.dir, 'cache');
  await mkdir(cache, { mode: 0o755 });
  // Host root's: should the mount go away, what is left there is not the session's to write.
  if (o.lazy && o.kind === 'sessionfs') {
    await mkdir(o.mountpoint, { mode: 0o755 });
    return lazySessionFsStorage(o, cache);
  }
  await o.fill(cache);
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
    async close(persist, meta) {
      await unmount(o.mountpoint);
      if (persist === 'replicated' && o.replicationLagMs) await dropChangedWithin(cache, o.replicationLagMs);
      if (persist !== 'nothing') await o.store.saveTree(o.key, cache, meta);
    },
    persistNow: (meta) => o.store.saveTree(o.key, cache, meta),
  };
}

/** What a replication `lagMs` behind would not have copied yet: entries changed within it (file times are real). */
async function dropChangedWithin(dir: string, lagMs: number): Promise<void> {
  const since = `@${(Date.now() - lagMs) / 1000}`;
  await execa('find', [dir, '-mindepth', '1', '-newermt', since, '-delete'], OWN_PROCESS_GROUP).catch(() => undefined);
}

/** A stored tree resumed in place (lazy-cache.ts, store/layered-replica.ts): nothing is copied or walked. */
async function lazySessionFsStorage(o: StorageOptions, cache: string): Promise<SessionStorage> {
  const { lower, replica, tmp, info } = await o.store.openLayered(o.key);
  let unmountCache: (() => Promise<void>) | undefined;
  try {
    const tree = info ?? (await listStoredTree(lower, o.policy));
    unmountCache = await mountLazyCache({ dir: o.dir, stored: lower, uid: o.uid, attrs: tree.attrs });
    const restored = { usage: usageCounts(tree.usage, o.policy), attrs: tree.attrs, chmods: [] };
    return await sessionFsStorage(o, cache, restored, { replica, tmp, before: tree.usage, unmountCache });
  } catch (e) {
    // The stored tree goes back in place, unchanged.
    await unmountCache?.();
    await o.store.closeLayered(o.key, undefined, []);
    throw e;
  }
}

interface Layered {
  replica: string;
  tmp: string;
  /** The stored tree's usage at resume. */
  before: TreeUsage;
  unmountCache(): Promise<void>;
}

async function sessionFsStorage(o: StorageOptions, cache: string, restored: RestoredTree, layered?: Layered): Promise<SessionStorage> {
  if (!o.servers) throw new Error('sessionfs storage needs its filesystem servers');
  const { mountpoint } = o;
  // The replica holds what was restored, so replication starts from a replica equal to the cache. Its meta.json is
  // written at Stop (or, after a crash, by the salvage from the compute directory's marker).
  const { tree, tmp } = layered ? { tree: layered.replica, tmp: layered.tmp } : await o.store.replica(o.key);
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
    async close(persist, meta) {
      closing = true;
      await mount.unmount();
      if (persist === 'everything') await replicator.flush();
      else replicator.stop();
      if (layered) {
        await layered.unmountCache();
        // The store now holds everything the session wrote: a crash from here on needs no salvage of the cache, and
        // the merge below must not be raced by one (it changes the tree the cache's upper layer was over).
        await dropComputeMarker(o.dir);
        if (persist !== 'nothing') await o.store.closeLayered(o.key, layered.before, ownersAndModes(readJournal(attrJournalPath(o.dir))));
      }
      if (persist === 'nothing') await o.store.wipe(o.key);
      else await o.store.writeMeta(o.key, meta);
    },
  };
}

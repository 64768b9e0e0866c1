// A live session's directory under the compute root: `tmp/` and `home/` (its /tmp and $HOME, thrown away at Stop),
// `mnt/` (its /mnt, with the storage mounted under it), the storage's cache, and `session.json`, a marker naming the
// session, so that an emulator restarted after a crash can salvage what the session wrote into the store.
import { chmod, chown, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { IdRange } from '../sandbox/id-range.ts';
import { readJournal } from '../sessionfs/attr-journal.ts';
import { unmountEverythingUnder } from '../util/noatime-bind.ts';
import { shareMountRoot, unmount } from './host-mounts.ts';
import { layersDirOf } from './lazy-cache.ts';
import { mountOverlay } from '../store/overlay.ts';
import type { SessionStore, StoredSessionMeta } from '../store/session-store.ts';
import { keptOutsideDirs } from './kept-outside-dirs.ts';
import type { StorageKind } from './storage.ts';

/** `storage` is absent in markers written before it was recorded: those were session filesystems. */
type ComputeMarker = StoredSessionMeta & { key: string; storage?: StorageKind };

/** Where a session filesystem journals the attributes it stores beside its cache's inodes (attr-journal.ts). */
export const attrJournalPath = (computeDir: string): string => join(computeDir, 'attrs.journal');

/** Once a session's store holds everything it wrote, a crash needs no salvage of its cache. */
export const dropComputeMarker = (computeDir: string): Promise<void> => rm(join(computeDir, 'session.json'), { force: true });

export interface ComputeDir {
  readonly dir: string;
  readonly tmpDir: string;
  readonly homeDir: string;
  /** The session's /mnt (see sandbox/bwrap-args.ts). */
  readonly mntDir: string;
}

export async function mkdirOwned(path: string, mode: number, uid: number): Promise<void> {
  await mkdir(path, { mode });
  await chown(path, uid, uid);
  // mkdir's mode is filtered by the umask; sticky and group/other bits must be exact.
  await chmod(path, mode);
}

export interface ComputeDirOptions {
  /** What the storage is, recorded in the marker for a salvage. */
  storage: StorageKind;
  /** The `outside-mount-survives-resume` deviation: /tmp and $HOME outlive the compute. */
  keepOutside: boolean;
  /** The `writable-mnt-when-disabled` deviation: /mnt belongs to the session's root, which can then write it. */
  writableMnt: boolean;
}

/**
 * A fresh directory for one compute of session `key`, owned by the base of its id range, with the marker written.
 * Its `mnt/` belongs to host root, an id the session does not map, so the session's root cannot write /mnt.
 */
export async function createComputeDir(computeRoot: string, key: string, range: IdRange, meta: StoredSessionMeta, o: ComputeDirOptions): Promise<ComputeDir> {
  const dir = join(computeRoot, `${key}-${randomBytes(4).toString('hex')}`);
  const uid = range.base;
  try {
    await mkdirOwned(dir, 0o700, uid);
    const mntDir = join(dir, 'mnt');
    await mkdirOwned(mntDir, 0o755, o.writableMnt ? uid : 0);
    let tmpDir = join(dir, 'tmp');
    let homeDir = join(dir, 'home');
    if (o.keepOutside) ({ tmpDir, homeDir } = await keptOutsideDirs(computeRoot, key, uid));
    else {
      await mkdirOwned(tmpDir, 0o1777, uid);
      await mkdirOwned(homeDir, 0o700, uid);
    }
    await writeFile(join(dir, 'session.json'), JSON.stringify({ key, storage: o.storage, ...meta } satisfies ComputeMarker), { mode: 0o600 });
    return { dir, tmpDir, homeDir, mntDir };
  } catch (e) {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    throw e;
  }
}

/**
 * Saves one crashed session's cache. A lazily resumed session's cache is its overlay's upper layer over the stored
 * tree it was resumed from (still frozen: the store merges a session's layers only after its marker is gone), so the
 * salvage reads the two through a read-only overlay of its own.
 */
async function salvageOne(dir: string, key: string, store: SessionStore, save: (cache: string) => Promise<void>): Promise<void> {
  const base = await store.layeredBase(key);
  if (!base) return save(join(dir, 'cache'));
  const upper = join(layersDirOf(dir), 'upper');
  // Killed before the cache's layers existed: the session wrote nothing, and the store puts its tree back (settle).
  if (!(await stat(upper).then(() => true, () => false))) return;
  const view = join(dir, 'salvage');
  await mkdir(view, { mode: 0o700 });
  await mountOverlay(view, { lower: [upper, base], kind: 'session' });
  try {
    await save(view);
  } finally {
    await unmount(view);
  }
}

/**
 * Prepares the compute root: unmounts what a crashed emulator left there, salvages its sessions into the store, and
 * makes the root a shared mount (see host-mounts.ts). Undo the last with `host-mounts.unmount(computeRoot)`.
 */
export async function salvageComputeRoot(computeRoot: string, store: SessionStore, log: (message: string) => void): Promise<void> {
  await mkdir(computeRoot, { recursive: true, mode: 0o711 });
  // Whatever a crashed emulator left: session filesystems, bind mounts, the shared root itself.
  await unmountEverythingUnder(computeRoot);
  for (const name of await readdir(computeRoot)) {
    const dir = join(computeRoot, name);
    const marker = await readFile(join(dir, 'session.json'), 'utf8')
      .then((t) => JSON.parse(t) as ComputeMarker)
      .catch(() => undefined);
    if (marker) {
      // The cache holds everything the session wrote, replicated or not, and the journal what its filesystem stored
      // beside the cache's inodes: nothing is lost.
      log(`salvaging session ${marker.runtimeSessionId} of ${marker.agentRuntimeId} left by an earlier run`);
      const { key, storage, ...meta } = marker;
      const stored = storage === 'plain' ? undefined : readJournal(attrJournalPath(dir));
      await salvageOne(dir, key, store, (cache) => store.saveTree(key, cache, meta, stored)).catch((e) => log(`salvage failed: ${String(e)}`));
    }
    await rm(dir, { recursive: true, force: true });
  }
  await shareMountRoot(computeRoot);
}

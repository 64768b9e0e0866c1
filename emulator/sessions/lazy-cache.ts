// A lazily resumed session's cache: nothing is copied at resume. The stored tree (frozen for the session's lifetime,
// store/layered-replica.ts) is mounted read-only and id-mapped (store/mounts.ts), so that the session's
// root's entries belong to the session's host uid U as they do in an eager cache; an overlay puts an upper layer
// over it, and the session filesystem serves that overlay as its backing directory. overlayfs copies an entry up
// (as root, the mounter) when the server first writes it or changes its attributes: data only when written, since
// metacopy copies attributes alone. The few stored entries the server could not use as they are (owned by another
// inside id, a mode without the owner's access) are copied up at resume with U's ownership and the owner's access,
// exactly what an eager resume's hand-over gives them; what the session sees of them comes from the stored attributes.
//   <compute dir>/layers/        host root's, 0700: the server (uid U) cannot reach the layers, only the overlay
//                     lower/     the id-mapped stored tree (read-only)
//                     upper/     the entries copied up, and new ones     work/  overlayfs's
//   <compute dir>/cache/         the overlay: the server's backing directory, as an eager resume's cache is
import { chmod, chown, lchown, lstat, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { attrsFromJson, backingMode, type AttrsJson } from '../sessionfs/attrs.ts';
import { exactTimes } from '../store/exact-times.ts';
import { mountIdmapped, unmountFs } from '../store/mounts.ts';
import { mountOverlay } from '../store/overlay.ts';

export const layersDirOf = (computeDir: string) => join(computeDir, 'layers');

export interface LazyCacheOptions {
  /** The session's compute directory; its `cache/` exists, empty. */
  dir: string;
  /** The frozen stored tree (owners as inside ids). */
  stored: string;
  /** The session's host uid and gid (its root). */
  uid: number;
  /** Entries whose owners or modes are stored beside the inodes (root-relative latin1 paths). */
  attrs: ReadonlyArray<[string, AttrsJson]>;
}

/** Mounts the cache over the stored tree; returns what unmounts it (and its layers). */
export async function mountLazyCache(o: LazyCacheOptions): Promise<() => Promise<void>> {
  const layers = layersDirOf(o.dir);
  const lower = join(layers, 'lower');
  const upper = join(layers, 'upper');
  const work = join(layers, 'work');
  const cache = join(o.dir, 'cache');
  await mkdir(layers, { mode: 0o700 });
  await Promise.all([mkdir(lower), mkdir(upper), mkdir(work)]);
  // The overlay's root is the upper layer's own directory: it gets the stored root's times, and U with the owner's
  // access (the stored root's owners and mode, if not those, are among `attrs`).
  const root = await lstat(o.stored, { bigint: true });
  await chown(upper, o.uid, o.uid);
  await chmod(upper, backingMode(Number(root.mode & 0o7777n), true));
  await exactTimes.set([{ path: Buffer.from(upper), atimeNs: root.atimeNs, mtimeNs: root.mtimeNs }]);
  await mountIdmapped(o.stored, lower, o.uid);
  await mountOverlay(cache, { lower: [lower], upper: { dir: upper, work }, kind: 'session' });
  const unmountAll = async () => {
    await unmountFs(cache);
    await unmountFs(lower);
  };
  try {
    for (const [rel, json] of o.attrs) {
      if (rel === '') continue;
      const a = attrsFromJson(json);
      const path = Buffer.concat([Buffer.from(`${cache}/`), Buffer.from(rel, 'latin1')]);
      const st = await lstat(path).catch(() => undefined);
      if (!st) continue;
      if (a.uid !== undefined || a.gid !== undefined) await lchown(path, o.uid, o.uid);
      if (a.mode !== undefined && !st.isSymbolicLink()) await chmod(path, backingMode(a.mode, st.isDirectory()));
    }
  } catch (e) {
    await unmountAll();
    throw e;
  }
  return unmountAll;
}

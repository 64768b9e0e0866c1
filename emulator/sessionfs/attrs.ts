// What the session sees of an entry, beyond what its backing inode can hold. The server runs as the session's
// unprivileged host uid on a directory it owns, so the backing inode cannot carry another owner, a mode that would
// lock the server out of its own file (chmod 000), or a time to the nanosecond (Node sets times as a double, which
// keeps microseconds at best). Those attributes are stored beside the inode; everything else is the inode's own.
// Pure: values in, values out.
import type { BigIntStats } from 'node:fs';

/** Ids in a session: inside id i is host id `base + i` for 0 ≤ i < ID_RANGE (the sandbox maps that range). */
export const ID_RANGE = 65_536;

/** The host uid and gid of the session's root (inside id 0). */
export interface SessionIds {
  readonly uid: number;
  readonly gid: number;
}

/** Attributes stored where they differ from the backing inode; owners are inside ids. */
export interface StoredAttrs {
  mode?: number;
  uid?: number;
  gid?: number;
  atimeNs?: bigint;
  mtimeNs?: bigint;
}

/** StoredAttrs as JSON (times as decimal strings: a double cannot hold them). */
export interface AttrsJson {
  mode?: number;
  uid?: number;
  gid?: number;
  atime?: string;
  mtime?: string;
}

export const isEmpty = (a: StoredAttrs): boolean =>
  a.mode === undefined && a.uid === undefined && a.gid === undefined && a.atimeNs === undefined && a.mtimeNs === undefined;

export function attrsToJson(a: StoredAttrs): AttrsJson {
  const j: AttrsJson = {};
  if (a.mode !== undefined) j.mode = a.mode;
  if (a.uid !== undefined) j.uid = a.uid;
  if (a.gid !== undefined) j.gid = a.gid;
  if (a.atimeNs !== undefined) j.atime = String(a.atimeNs);
  if (a.mtimeNs !== undefined) j.mtime = String(a.mtimeNs);
  return j;
}

const INT = /^-?\d+$/;

export function attrsFromJson(j: AttrsJson): StoredAttrs {
  const a: StoredAttrs = {};
  if (Number.isInteger(j.mode)) a.mode = j.mode!;
  if (Number.isInteger(j.uid)) a.uid = j.uid!;
  if (Number.isInteger(j.gid)) a.gid = j.gid!;
  if (j.atime !== undefined && INT.test(j.atime)) a.atimeNs = BigInt(j.atime);
  if (j.mtime !== undefined && INT.test(j.mtime)) a.mtimeNs = BigInt(j.mtime);
  return a;
}

/** Drops the fields that say nothing (inside id 0 is what the backing inode already shows). */
export function normalised(a: StoredAttrs): StoredAttrs {
  const out: StoredAttrs = { ...a };
  if (out.uid === 0) delete out.uid;
  if (out.gid === 0) delete out.gid;
  for (const k of Object.keys(out) as (keyof StoredAttrs)[]) if (out[k] === undefined) delete out[k];
  return out;
}

/** The owner's access the backing inode always keeps, so the server can use it whatever the stored mode says. */
const ownerAccess = (dir: boolean): number => (dir ? 0o700 : 0o600);
export const backingMode = (mode: number, dir: boolean): number => mode | ownerAccess(dir);
/** Whether a mode must be stored beside the inode (the backing inode has more bits). */
export const modeNeedsStoring = (mode: number, dir: boolean): boolean => (mode & ownerAccess(dir)) !== ownerAccess(dir);

/** The inside id of a host id, or undefined for one outside the session's range. */
export function toInside(hostId: number, base: number): number | undefined {
  const i = hostId - base;
  return i >= 0 && i < ID_RANGE ? i : undefined;
}

/** What a FUSE attribute reply carries: a BigIntStats has all of it. */
export type AttrView = Pick<BigIntStats, 'ino' | 'size' | 'blocks' | 'atimeNs' | 'mtimeNs' | 'ctimeNs' | 'mode' | 'nlink' | 'uid' | 'gid' | 'rdev' | 'blksize'>;

const PERMISSION_BITS = 0o7777n;

/** The backing inode as the session sees it: stored attributes over it, owners as the session's host ids. */
export function sessionView(st: BigIntStats, a: StoredAttrs | undefined, ids: SessionIds): AttrView {
  // The backing inode is owned by the session's root already; most entries have nothing stored.
  if (a === undefined) return st;
  return {
    ino: st.ino,
    size: st.size,
    blocks: st.blocks,
    atimeNs: a.atimeNs ?? st.atimeNs,
    mtimeNs: a.mtimeNs ?? st.mtimeNs,
    ctimeNs: st.ctimeNs,
    mode: a.mode === undefined ? st.mode : (st.mode & ~PERMISSION_BITS) | BigInt(a.mode),
    nlink: st.nlink,
    uid: a.uid === undefined ? st.uid : BigInt(ids.uid + a.uid),
    gid: a.gid === undefined ? st.gid : BigInt(ids.gid + a.gid),
    rdev: st.rdev,
    blksize: st.blksize,
  };
}

/** Keys of a path-keyed map moved by a rename: `to` and below are gone, `from` and below now live under `to`. */
export function movePaths<T>(map: Map<string, T>, from: string, to: string): string[] {
  const under = (p: string, root: string) => p === root || p.startsWith(`${root}/`);
  for (const p of [...map.keys()]) if (under(p, to)) map.delete(p);
  const moved: string[] = [];
  for (const [p, v] of [...map]) {
    if (!under(p, from)) continue;
    map.delete(p);
    const q = to + p.slice(from.length);
    map.set(q, v);
    moved.push(q);
  }
  return moved;
}

// Folds a store overlay's upper layer into its lower one (layered-replica.ts), so that the replica is one plain tree
// again. The plan is read while the overlay is still mounted: the merged view says which lower entries are gone (by
// whiteout or under an opaque directory; overlayfs marks the latter with an xattr Node cannot read, and the merged
// view makes reading it unnecessary). It is carried out once the overlay is unmounted. Every step leaves what the
// overlay would show unchanged (an entry is removed from the lower layer before its whiteout goes; an upper entry
// replaces its lower one by a rename), so a crash mid-way is finished by planning and merging again.
// The cost is what the session changed, not what the tree holds.
import type { BigIntStats } from 'node:fs';
import { chmod, lchown, lstat, readdir, rename, rm } from 'node:fs/promises';
import type { ExactTimes, TimeSetting } from './exact-times.ts';
import type { TreeUsage } from './tree-info.ts';

type Step = { op: 'remove' | 'drop-whiteout' | 'move' | 'dir'; rel: string };

export interface MergeRoots {
  upper: string;
  lower: string;
  /** The overlay's merged view of the two (mounted while planning). */
  merged: string;
}

const child = (rel: string, name: string) => (rel === '' ? name : `${rel}/${name}`);
const at = (root: string, rel: string) => (rel === '' ? Buffer.from(root) : Buffer.concat([Buffer.from(`${root}/`), Buffer.from(rel, 'latin1')]));
const names = async (dir: Buffer) => (await readdir(dir, { encoding: 'buffer' })).map((n) => n.toString('latin1'));
const lstatOrNot = (p: Buffer) => lstat(p, { bigint: true }).catch(() => undefined);
const isWhiteout = (st: BigIntStats) => st.isCharacterDevice() && st.rdev === 0n;

/** What to do, in order, to fold `upper` into `lower`; reads only. */
export async function planMerge(r: MergeRoots): Promise<Step[]> {
  const steps: Step[] = [];
  const walk = async (rel: string): Promise<void> => {
    const shown = new Set(await names(at(r.merged, rel)));
    for (const name of await names(at(r.lower, rel))) if (!shown.has(name)) steps.push({ op: 'remove', rel: child(rel, name) });
    for (const name of await names(at(r.upper, rel))) {
      const c = child(rel, name);
      const st = await lstat(at(r.upper, c), { bigint: true });
      if (isWhiteout(st)) steps.push({ op: 'drop-whiteout', rel: c });
      else if (st.isDirectory() && (await lstatOrNot(at(r.lower, c)))?.isDirectory()) await walk(c);
      else steps.push({ op: 'move', rel: c });
    }
    steps.push({ op: 'dir', rel });
  };
  if (await lstatOrNot(at(r.upper, ''))) await walk('');
  return steps;
}

const ZERO: TreeUsage = { entries: 0, bytes: 0, nameBytes: 0 };

/** What an entry and everything below it count for. */
async function usageOf(path: Buffer, nameLength: number): Promise<TreeUsage> {
  const st = await lstatOrNot(path);
  if (!st) return ZERO;
  const u: TreeUsage = { entries: 1, bytes: st.isFile() ? Number(st.size) : 0, nameBytes: nameLength };
  if (st.isDirectory())
    for (const name of await readdir(path, { encoding: 'buffer' })) {
      const c = await usageOf(Buffer.concat([path, Buffer.from('/'), name]), name.length);
      u.entries += c.entries;
      u.bytes += c.bytes;
      u.nameBytes += c.nameBytes;
    }
  return u;
}

/** Carries out `steps` (the overlay unmounted); returns how the lower tree's usage changed. */
export async function applyMerge(r: Omit<MergeRoots, 'merged'>, steps: readonly Step[], times: ExactTimes): Promise<TreeUsage> {
  const delta = { ...ZERO };
  const add = (u: TreeUsage, sign: 1 | -1) => {
    delta.entries += sign * u.entries;
    delta.bytes += sign * u.bytes;
    delta.nameBytes += sign * u.nameBytes;
  };
  const settings: TimeSetting[] = [];
  const keepTimes = (path: Buffer, st: BigIntStats) => settings.push({ path, atimeNs: st.atimeNs, mtimeNs: st.mtimeNs });
  for (const { op, rel } of steps) {
    const lower = at(r.lower, rel);
    const upper = at(r.upper, rel);
    const nameLength = Buffer.byteLength(rel.slice(rel.lastIndexOf('/') + 1), 'latin1');
    if (op === 'remove') {
      add(await usageOf(lower, nameLength), -1);
      await rm(lower, { recursive: true, force: true });
    } else if (op === 'drop-whiteout') {
      await rm(upper, { force: true });
    } else if (op === 'move') {
      const st = await lstatOrNot(upper);
      // Gone: an earlier, interrupted merge moved it already.
      if (!st) continue;
      add(await usageOf(lower, nameLength), -1);
      await rm(lower, { recursive: true, force: true });
      add(await usageOf(upper, nameLength), 1);
      await rename(upper, lower);
      // A directory moved to another parent may have its times touched by the move; its own are put back.
      if (st.isDirectory()) keepTimes(lower, st);
    } else {
      const st = await lstat(upper, { bigint: true });
      await chmod(lower, Number(st.mode & 0o7777n));
      await lchown(lower, Number(st.uid), Number(st.gid));
      keepTimes(lower, st);
    }
  }
  // Last: every rename above moved the times of the directories it went through.
  await times.set(settings);
  return delta;
}

// Gives a copy of a session's cache (the crash salvage's) the attributes the session filesystem stored beside its
// inodes (replayed from its journal): exact modes, owners as inside ids, times to the nanosecond. The copy is the
// emulator's own, but it holds the session's symlinks, so parents are opened without following any (no-follow.ts).
import { chmod, lchown, lstat } from 'node:fs/promises';
import type { StoredAttrs } from '../sessionfs/attrs.ts';
import type { ExactTimes, TimeSetting } from './exact-times.ts';
import { DirHandles, inDir, splitPath } from './no-follow.ts';

export async function applyStoredAttrs(root: string, attrs: ReadonlyMap<string, StoredAttrs>, times: ExactTimes): Promise<void> {
  const dirs = new DirHandles(root);
  const settings: TimeSetting[] = [];
  try {
    for (const [rel, a] of attrs) {
      const [parentRel, name] = rel === '' ? ['', undefined] : splitPath(rel);
      const parent = await dirs.dir(parentRel);
      if (!parent) continue;
      const path = name === undefined ? Buffer.from(root) : inDir(parent, name);
      const st = await lstat(path, { bigint: true }).catch(() => undefined);
      if (!st) continue;
      if (a.mode !== undefined && !st.isSymbolicLink()) await chmod(path, a.mode);
      if (a.uid !== undefined || a.gid !== undefined) await lchown(path, a.uid ?? Number(st.uid), a.gid ?? Number(st.gid));
      if (a.atimeNs !== undefined || a.mtimeNs !== undefined) {
        const absolute = rel === '' ? Buffer.from(root) : Buffer.concat([Buffer.from(`${root}/`), Buffer.from(rel, 'latin1')]);
        settings.push({ path: absolute, atimeNs: a.atimeNs ?? st.atimeNs, mtimeNs: a.mtimeNs ?? st.mtimeNs });
      }
    }
  } finally {
    await dirs.close();
  }
  // After every chmod and chown (they leave times alone, but keep the order obvious).
  await times.set(settings);
}

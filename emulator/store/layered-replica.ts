// A stored session's directory while a lazily resumed session runs. The session reads its tree lazily, so that tree
// must not change under it, while the replicator keeps writing what the session changes. So the resume renames
// `tree/` to `base/tree/` (frozen until the session stops) and mounts an overlay over it at `live/`: the replicator
// writes `live/tree/` (its copies in flight in `live/tmp/`), overlayfs puts every change in `upper/`. Stop folds
// `upper/` back into `base/tree/` (merge-layers.ts, the cost of what changed) and renames it to `tree/`.
//   key/base/tree   the replica as the session found it (the lower layer of this overlay and of the session's)
//   key/upper/      what replication changed since     key/work/  overlayfs's     key/live/  the overlay
// After a crash: the salvage of the session's cache replaces the replica whole (it reads `base/tree/` under the
// cache's own upper layer, so it runs before anything here changes it), and `settle` then drops the layers; without
// a salvage (the session had stopped and its flush was complete), `settle` finishes the merge.
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { unmountFs } from './mounts.ts';
import { readMounts } from '../util/mountinfo.ts';
import type { ExactTimes } from './exact-times.ts';
import { applyMerge, planMerge } from './merge-layers.ts';
import { mountOverlay } from './overlay.ts';
import type { TreeUsage } from './tree-info.ts';

export const layersOf = (dir: string) => ({
  tree: join(dir, 'tree'),
  base: join(dir, 'base'),
  lower: join(dir, 'base', 'tree'),
  upper: join(dir, 'upper'),
  work: join(dir, 'work'),
  live: join(dir, 'live'),
});

const exists = (p: string) => stat(p).then(
  () => true,
  () => false,
);

export interface OpenLayers {
  /** The frozen tree the session reads. */
  lower: string;
  /** Where the replicator writes, and its scratch directory on the same filesystem. */
  replica: string;
  tmp: string;
}

export async function openLayers(dir: string): Promise<OpenLayers> {
  const l = layersOf(dir);
  await mkdir(l.base, { mode: 0o700 });
  await rename(l.tree, l.lower);
  await Promise.all([mkdir(l.upper, { mode: 0o700 }), mkdir(l.work, { mode: 0o700 }), mkdir(l.live, { mode: 0o700 })]);
  await mountOverlay(l.live, { lower: [l.base], upper: { dir: l.upper, work: l.work }, kind: 'store' });
  const tmp = join(l.live, 'tmp');
  await mkdir(tmp, { mode: 0o700 });
  return { lower: l.lower, replica: join(l.live, 'tree'), tmp };
}

export const isLayered = (dir: string): Promise<boolean> => exists(layersOf(dir).lower);

/** Folds what replication wrote into the tree and makes it `tree/` again; returns how its usage changed. */
export async function closeLayers(dir: string, times: ExactTimes): Promise<TreeUsage> {
  const l = layersOf(dir);
  const mounted = (await readMounts()).some((m) => m.point === l.live);
  if (!mounted) {
    await mkdir(l.live, { recursive: true, mode: 0o700 });
    // A volatile overlay's workdir marks it as such; the upper layer is intact (the host did not go down with us).
    await rm(l.work, { recursive: true, force: true });
    await mkdir(l.work, { mode: 0o700 });
    if (await exists(l.upper)) await mountOverlay(l.live, { lower: [l.base], upper: { dir: l.upper, work: l.work }, kind: 'store' });
  }
  const roots = { upper: join(l.upper, 'tree'), lower: l.lower };
  const steps = (await exists(l.upper)) ? await planMerge({ ...roots, merged: join(l.live, 'tree') }) : [];
  if (mounted || (await exists(l.upper))) await unmountFs(l.live);
  const delta = await applyMerge(roots, steps, times);
  await rename(l.lower, l.tree);
  await dropLayers(dir);
  return delta;
}

/** Removes the layers of a session whose tree is in place again (merged, or replaced by a salvage). */
export async function dropLayers(dir: string): Promise<void> {
  const l = layersOf(dir);
  for (const p of [l.live, l.upper, l.work, l.base]) await rm(p, { recursive: true, force: true });
}

/** After a restart (the salvage done): finish what a crash interrupted, for one stored session. */
export async function settleLayers(dir: string, times: ExactTimes): Promise<void> {
  const l = layersOf(dir);
  if (!(await exists(l.base))) return;
  if (await exists(l.tree)) await dropLayers(dir);
  else if (await exists(l.lower)) await closeLayers(dir, times);
  else await dropLayers(dir);
}

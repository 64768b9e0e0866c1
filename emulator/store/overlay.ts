// Kernel overlayfs mounts for lazy resumes (see layered-replica.ts and sessions/lazy-cache.ts). Options are spelled
// out rather than left to the kernel's build defaults: index off (no hard links to track, and layers may be changed
// offline between mounts), xino off (lower and upper share one filesystem, so inode numbers are stable across a
// copy-up anyway), noatime (reading must not stamp a stored file).
import { MS, mountOverlayFs } from './mounts.ts';

export interface OverlayLayers {
  /** Read-only layers, uppermost first. */
  lower: readonly string[];
  /** Absent: a read-only overlay of the lower layers. */
  upper?: { dir: string; work: string };
  /**
   * 'store': the replicator's view of a stored tree, in the plain format (whiteouts, opaque directories): no
   * redirects, no metadata-only copies, so a merge needs nothing but lstat and the merged view.
   * 'session': a session's cache: directories renamed in place (redirect_dir) and attributes changed without copying
   * the data (metacopy), so a chmod of a large stored file costs nothing.
   */
  kind: 'store' | 'session';
}

/** The overlay's own options (mount(2)'s data); pure. */
export function overlayOptions(l: OverlayLayers): string {
  const o = [`lowerdir=${l.lower.map(escape).join(':')}`];
  // volatile: no sync of the upper layer's filesystem at unmount (the whole host disk, other work's writes included:
  // seconds on a busy machine). Nothing else of the store is synced either, and an emulator killed with the host
  // still up loses nothing; an overlay is mounted over a volatile upper layer again only with a fresh workdir.
  if (l.upper) o.push(`upperdir=${escape(l.upper.dir)}`, `workdir=${escape(l.upper.work)}`, 'volatile');
  o.push(l.kind === 'session' ? (l.upper ? 'redirect_dir=on' : 'redirect_dir=follow') : 'redirect_dir=off');
  o.push(`metacopy=${l.kind === 'session' ? 'on' : 'off'}`, 'index=off', 'xino=off');
  return o.join(',');
}

// overlayfs splits lowerdir on ':' and every option on ','; a backslash escapes both.
const escape = (p: string) => p.replace(/[\\:,]/g, (c) => `\\${c}`);

export async function mountOverlay(target: string, layers: OverlayLayers): Promise<void> {
  const flags = MS.NOSUID | MS.NODEV | MS.NOATIME | (layers.upper ? 0 : MS.RDONLY);
  await mountOverlayFs(target, flags, overlayOptions(layers));
}

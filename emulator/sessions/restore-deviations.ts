// Deliberate defects applied to a session's storage right after the store restored it on resume (see
// deviations.ts): they model a vendor whose restore path loses data, so meta-tests can show the suites find such
// bugs. A normal run has none, and then this does nothing.
import { chmod, copyFile, lstat, readdir, readlink, rm, stat, truncate } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Deviation } from '../deviations.ts';

const MiB = 1024 * 1024;
const RESTORE_DEVIATIONS: readonly Deviation[] = [
  'drop-dotfiles-on-resume',
  'truncate-large-files-on-resume',
  'symlinks-resolved-on-restore',
  'modes-lost-on-restore',
];

interface Entry {
  path: string;
  name: string;
  isDir: boolean;
  isFile: boolean;
  isSymlink: boolean;
  size: number;
}

async function* walk(dir: string): AsyncGenerator<Entry> {
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    const st = await lstat(path);
    yield { path, name, isDir: st.isDirectory(), isFile: st.isFile(), isSymlink: st.isSymbolicLink(), size: st.size };
    if (st.isDirectory()) yield* walk(path);
  }
}

/** A restore that follows links: the link becomes a copy of the file it reaches inside the tree, or vanishes. */
async function resolveSymlink(root: string, link: string): Promise<void> {
  const target = resolve(dirname(link), await readlink(link));
  const st = target.startsWith(`${root}/`) ? await stat(target).catch(() => undefined) : undefined;
  await rm(link);
  if (st?.isFile()) await copyFile(target, link);
}

/** Whether a restore must go through a copy these defects can be applied to (no lazy resume). */
export const hasRestoreDeviations = (deviations: ReadonlySet<Deviation>): boolean => RESTORE_DEVIATIONS.some((d) => deviations.has(d));

export async function applyRestoreDeviations(storageDir: string, deviations: ReadonlySet<Deviation>): Promise<void> {
  if (!hasRestoreDeviations(deviations)) return;
  const entries: Entry[] = [];
  for await (const e of walk(storageDir)) entries.push(e);
  for (const e of entries) {
    if (deviations.has('truncate-large-files-on-resume') && e.isFile && e.size > MiB) await truncate(e.path, MiB);
    if (deviations.has('modes-lost-on-restore') && (e.isFile || e.isDir)) await chmod(e.path, e.isDir ? 0o755 : 0o644);
  }
  if (deviations.has('symlinks-resolved-on-restore'))
    for (const e of entries) if (e.isSymlink) await resolveSymlink(storageDir, e.path);
  if (deviations.has('drop-dotfiles-on-resume'))
    for (const e of entries) if (e.name.startsWith('.')) await rm(e.path, { recursive: true, force: true });
}

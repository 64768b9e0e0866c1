// Deliberate defects applied to a session's storage right after the store restored it on resume (see
// deviations.ts; which ones, session-defects.ts derives): they model a vendor whose restore path loses data, so
// meta-tests can show the suites find such bugs. A normal run has none, and then nothing calls this.
import { chmod, copyFile, lstat, readdir, readlink, rm, stat, truncate } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { RestoreDefects } from './session-defects.ts';

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

export async function applyRestoreDefects(storageDir: string, defects: RestoreDefects): Promise<void> {
  const entries: Entry[] = [];
  for await (const e of walk(storageDir)) entries.push(e);
  const { truncateFilesOver: over } = defects;
  for (const e of entries) {
    if (over !== undefined && e.isFile && e.size > over) await truncate(e.path, over);
    if (defects.modesLost && (e.isFile || e.isDir)) await chmod(e.path, e.isDir ? 0o755 : 0o644);
  }
  if (defects.symlinksResolved) for (const e of entries) if (e.isSymlink) await resolveSymlink(storageDir, e.path);
  if (defects.dropDotfiles) for (const e of entries) if (e.name.startsWith('.')) await rm(e.path, { recursive: true, force: true });
}

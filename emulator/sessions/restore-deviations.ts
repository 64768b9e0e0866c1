// Deliberate defects applied to a session's storage right after the store restored it on resume (see
// deviations.ts): they model a vendor whose restore path loses data, so meta-tests can show the property suites
// find and shrink such bugs. A normal run has none, and then this does nothing.
import { lstat, readdir, rm, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import type { Deviation } from '../deviations.ts';

const MiB = 1024 * 1024;

async function* walk(dir: string): AsyncGenerator<{ path: string; name: string; isDir: boolean; isFile: boolean; size: number }> {
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    const st = await lstat(path);
    yield { path, name, isDir: st.isDirectory(), isFile: st.isFile(), size: st.size };
    if (st.isDirectory()) yield* walk(path);
  }
}

export async function applyRestoreDeviations(storageDir: string, deviations: ReadonlySet<Deviation>): Promise<void> {
  const dropDotfiles = deviations.has('drop-dotfiles-on-resume');
  const truncateLarge = deviations.has('truncate-large-files-on-resume');
  if (!dropDotfiles && !truncateLarge) return;
  const doomed: string[] = [];
  for await (const e of walk(storageDir)) {
    if (dropDotfiles && e.name.startsWith('.')) doomed.push(e.path);
    else if (truncateLarge && e.isFile && e.size > MiB) await truncate(e.path, MiB);
  }
  for (const p of doomed) await rm(p, { recursive: true, force: true });
}

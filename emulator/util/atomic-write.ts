// Replacing a small file so that a crash leaves either the old or the new content, never a mix: write a temporary
// sibling `<path>.<random>`, fsync it, rename it over the path. A crash can leave the temporary file behind; owners
// that care remove `<name>.*` siblings at start (the session store does).
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';

const temporaryOf = (path: string): string => `${path}.${randomBytes(6).toString('hex')}`;

export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const tmp = temporaryOf(path);
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
}

/** The same, blocking: for state changed inside a synchronous call that must be on disk before it returns. */
export function writeFileAtomicallySync(path: string, text: string): void {
  const tmp = temporaryOf(path);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

// A read-only, id-mapped view of a stored tree (idmapped-mount.py): the replica's inodes carry the session's inside
// ids (0 is the session's root), and seen through this mount they carry host ids `base + i`, the ids of the session's
// range. A lazily resumed session's overlay reads the replica through it, so its filesystem server (host uid `base`)
// owns what the session's root owns without a chown of the tree. One helper process per emulator.
import { fileURLToPath } from 'node:url';
import { PythonHelper } from '../util/python-helper.ts';

const helper = new PythonHelper(fileURLToPath(new URL('./idmapped-mount.py', import.meta.url)), 'idmapped-mount');

export class IdmappedMountError extends Error {
  override readonly name = 'IdmappedMountError';
}

/** Mounts `source` at `target` (an existing directory), read-only, nosuid, nodev, noatime, ids shifted by `base`. */
export async function mountIdmapped(source: string, target: string, base: number): Promise<void> {
  const hex = (p: string) => Buffer.from(p).toString('hex');
  const answer = (await helper.ask(`${base} ${hex(source)} ${hex(target)}\n`)).trim();
  if (answer) throw new IdmappedMountError(`id-mapped mount of ${source} at ${target} failed: ${answer}`);
}

export const closeIdmappedMounts = (): void => helper.close();

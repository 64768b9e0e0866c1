// What a lazy resume needs to know about a stored tree without walking it: the usage the session filesystem books
// (entries, bytes, and the names' bytes, from which the metadata budget is counted under the current policy) and the
// entries whose inodes the session's uid cannot use as they are (owners other than the session's root, modes without
// the owner's access). Written beside `tree/` after a lazy session's stop has merged its changes; removed when a
// session resumes, since the tree changes under it; absent (an older store, a salvage), it is listed from the tree.
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { AttrsJson, StoredAttrs } from '../sessionfs/attrs.ts';
import { attrsToJson } from '../sessionfs/attrs.ts';
import type { SessionFsPolicy } from '../sessionfs/policy.ts';
import type { UsageCounts } from '../sessionfs/server.ts';

export interface TreeUsage {
  entries: number;
  bytes: number;
  /** The sum of every entry's name length. */
  nameBytes: number;
}

export interface TreeInfo {
  usage: TreeUsage;
  /** Root-relative latin1 paths with their owners (inside ids) and modes, where the session's uid needs them. */
  attrs: Array<[string, AttrsJson]>;
}

export const usageCounts = (u: TreeUsage, policy: SessionFsPolicy): UsageCounts => ({
  entries: u.entries,
  bytes: u.bytes,
  metadataBytes: u.entries * policy.limits.entryOverheadBytes + u.nameBytes,
});

export const treeUsage = (u: UsageCounts, policy: SessionFsPolicy): TreeUsage => ({
  entries: u.entries,
  bytes: u.bytes,
  nameBytes: u.metadataBytes - u.entries * policy.limits.entryOverheadBytes,
});

/** The owners and modes among a session filesystem's stored attributes (its times are in the tree's inodes). */
export function ownersAndModes(stored: ReadonlyMap<string, StoredAttrs>): Array<[string, AttrsJson]> {
  const out: Array<[string, AttrsJson]> = [];
  for (const [path, a] of stored) {
    const { mode, uid, gid } = a;
    if (mode === undefined && uid === undefined && gid === undefined) continue;
    out.push([path, attrsToJson({ ...(mode !== undefined && { mode }), ...(uid !== undefined && { uid }), ...(gid !== undefined && { gid }) })]);
  }
  return out;
}

export async function readTreeInfo(path: string): Promise<TreeInfo | undefined> {
  try {
    const info = JSON.parse(await readFile(path, 'utf8')) as TreeInfo;
    const u = info.usage;
    return [u?.entries, u?.bytes, u?.nameBytes].every(Number.isSafeInteger) && Array.isArray(info.attrs) ? info : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Replaced by a rename, not synced: a file lost or torn by a power cut reads as absent, and the next resume lists the
 * tree instead (meta.json, which says whether there is a session at all, is synced).
 */
export async function writeTreeInfo(path: string, info: TreeInfo): Promise<void> {
  const tmp = `${path}.${process.pid}`;
  await writeFile(tmp, JSON.stringify(info), { mode: 0o600 });
  await rename(tmp, path);
}

export const dropTreeInfo = (path: string): Promise<void> => rm(path, { force: true });

// A stored tree restored into a fresh cache (`cp -a`, which keeps modes, owners as inside ids, and times to the
// nanosecond) is handed over to the session's uid: the session filesystem's server owns every backing inode and
// needs the owner's access to each. What the inodes then lose (owners other than the session's root, modes without
// the owner's access) becomes the attributes the server stores (attrs.ts). One `find` lists it all, and gives the
// usage the server books, so the server itself does not walk the tree again.
import { chmod } from 'node:fs/promises';
import { execa } from 'execa';
import { attrsToJson, backingMode, modeNeedsStoring, toInside, type AttrsJson, type StoredAttrs } from '../sessionfs/attrs.ts';
import { entryCost, type SessionFsPolicy } from '../sessionfs/policy.ts';
import type { UsageCounts } from '../sessionfs/server.ts';
import { OWN_PROCESS_GROUP } from '../util/own-process-group.ts';
import { treeUsage, type TreeInfo } from './tree-info.ts';

export interface RestoredTree {
  usage: UsageCounts;
  /** Root-relative latin1 paths ('' is the root) with what the server must store for them. */
  attrs: Array<[string, AttrsJson]>;
  /** Entries whose inode must be given the owner's access: root-relative path, mode to set. */
  chmods: Array<[Buffer, number]>;
}

const FIELDS = 5;

/** Parses `find -printf '%y %m %U %G %s %P\0'`; pure. */
export function parseTreeListing(out: Buffer, policy: SessionFsPolicy): RestoredTree {
  const usage: UsageCounts = { bytes: 0, entries: 0, metadataBytes: 0 };
  const attrs: Array<[string, AttrsJson]> = [];
  const chmods: Array<[Buffer, number]> = [];
  let start = 0;
  while (start < out.length) {
    const end = out.indexOf(0, start);
    if (end < 0) throw new Error('tree listing: a record does not end with NUL');
    let cut = start;
    for (let i = 0; i < FIELDS; i++) cut = out.indexOf(0x20, cut) + 1;
    const [type, mode, uid, gid, size] = out.subarray(start, cut - 1).toString('latin1').split(' ') as [string, string, string, string, string];
    const path = out.subarray(cut, end);
    start = end + 1;
    if (path.length > 0) {
      usage.entries++;
      usage.metadataBytes += entryCost(policy, path.length - path.lastIndexOf(0x2f) - 1);
      if (type === 'f') usage.bytes += Number(size);
    }
    const a = storedFor(type, parseInt(mode, 8), Number(uid), Number(gid));
    if (!a) continue;
    attrs.push([path.toString('latin1'), attrsToJson(a)]);
    if (a.mode !== undefined) chmods.push([path, backingMode(a.mode, type === 'd')]);
  }
  return { usage, attrs, chmods };
}

/** What a restored inode's attributes leave to be stored once the session's uid owns it with the owner's access. */
function storedFor(type: string, mode: number, uid: number, gid: number): StoredAttrs | undefined {
  const a: StoredAttrs = {};
  // A tree from before owners were stored (host ids): its owner is the session's root.
  const u = toInside(uid, 0) ?? 0;
  const g = toInside(gid, 0) ?? 0;
  if (u !== 0) a.uid = u;
  if (g !== 0) a.gid = g;
  if (type !== 'l' && modeNeedsStoring(mode, type === 'd')) a.mode = mode;
  return Object.keys(a).length > 0 ? a : undefined;
}

const pathIn = (root: string, rel: Buffer) => (rel.length === 0 ? Buffer.from(root) : Buffer.concat([Buffer.from(`${root}/`), rel]));

/** Lists a stored tree (owners as inside ids) for a lazy resume that found nothing recorded about it (tree-info.ts). */
export async function listStoredTree(tree: string, policy: SessionFsPolicy): Promise<TreeInfo> {
  const listing = parseTreeListing(await listTree(tree), policy);
  return { usage: treeUsage(listing.usage, policy), attrs: listing.attrs };
}

async function listTree(dir: string): Promise<Buffer> {
  const { stdout } = await execa('find', [dir, '-printf', '%y %m %U %G %s %P\\0'], { encoding: 'buffer', maxBuffer: 1 << 30, ...OWN_PROCESS_GROUP });
  return Buffer.from(stdout);
}

/** Lists the restored cache, then gives every inode to `uid`:`gid` with the owner's access. No session runs yet. */
export async function handOverRestored(cache: string, uid: number, gid: number, policy: SessionFsPolicy): Promise<RestoredTree> {
  const tree = parseTreeListing(await listTree(cache), policy);
  await execa('chown', ['-R', '-h', `${uid}:${gid}`, cache], OWN_PROCESS_GROUP);
  for (const [rel, mode] of tree.chmods) await chmod(pathIn(cache, rel), mode);
  return tree;
}

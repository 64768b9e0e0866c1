// Everything a request handler may use: the tables, the policy, usage, the stored attributes, and the dirty-path
// sink for replication.
import { lstatSync, type BigIntStats } from 'node:fs';
import type { AttrOverlay } from './attr-overlay.ts';
import { sessionView, type AttrView, type SessionIds } from './attrs.ts';
import type { HandleTable } from './handles.ts';
import type { InodeTable } from './inodes.ts';
import type { NodeFiles } from './node-files.ts';
import type { SessionFsPolicy, Usage } from './policy.ts';
import { ERRNO } from '../../spec/errno.ts';
import { FsError } from './protocol/errno.ts';
import { encodeEntryOut, type EntryTtl } from './protocol/reply.ts';
import type { BodyReader, InHeader } from './protocol/request.ts';

export interface DirEntry {
  name: Buffer;
  st: BigIntStats | undefined;
}

export interface DirListing {
  nodeid: bigint;
  entries: DirEntry[];
}

export interface FsContext {
  readonly inodes: InodeTable;
  /** Backing descriptors of regular files by node (the kernel opens them without asking: node-files.ts). */
  readonly nodeFiles: NodeFiles;
  readonly dirs: HandleTable<DirListing>;
  readonly policy: SessionFsPolicy;
  readonly usage: Usage;
  readonly ttl: EntryTtl;
  /** Host ids of the session's root: owners are reported and stored relative to them. */
  readonly ids: SessionIds;
  readonly attrs: AttrOverlay;
  /** Records that the entry at this root-relative path changed (replication picks it up). */
  dirty(relative: Buffer): void;
}

/** A handler's answer: the reply body (one or more buffers), or nothing for requests that get no reply. */
export type Reply = Buffer | Buffer[] | undefined;
export type Handler = (ctx: FsContext, h: InHeader, body: BodyReader) => Reply;

export const EMPTY = Buffer.alloc(0);

export const statOf = (path: Buffer): BigIntStats => lstatSync(path, { bigint: true });

export function nodePath(ctx: FsContext, id: bigint): Buffer {
  const p = ctx.inodes.path(id);
  if (p === undefined) throw new FsError(ERRNO.ENOENT, `stale node ${id}`);
  return p;
}

export function childPath(ctx: FsContext, parent: bigint, name: Buffer): Buffer {
  const p = ctx.inodes.childPath(parent, name);
  if (p === undefined) throw new FsError(ERRNO.ENOENT, `stale parent ${parent}`);
  return p;
}

/** Marks a node (and nothing else) dirty, if it is still linked. */
export function dirtyNode(ctx: FsContext, id: bigint): void {
  const rel = ctx.inodes.relative(id);
  if (rel !== undefined) ctx.dirty(rel);
}

/** Marks a directory entry and its directory dirty (creation, removal, rename). */
export function dirtyEntry(ctx: FsContext, parent: bigint, name: Buffer): void {
  const rel = ctx.inodes.childRelative(parent, name);
  if (rel !== undefined) ctx.dirty(rel);
  dirtyNode(ctx, parent);
}

/** The backing inode as the session sees it (stored attributes over it). */
export const viewOf = (ctx: FsContext, st: BigIntStats): AttrView => (ctx.attrs.size === 0 ? st : sessionView(st, ctx.attrs.ofIno(st.ino), ctx.ids));

/** A node's path relative to the mount root as the replicator and the journal name it (latin1 of the raw bytes). */
export const relativeKey = (ctx: FsContext, id: bigint): string | undefined => ctx.inodes.relative(id)?.toString('latin1');
export const childKey = (ctx: FsContext, parent: bigint, name: Buffer): string | undefined => ctx.inodes.childRelative(parent, name)?.toString('latin1');

/** Looks up `name` under `parent` for the kernel: one more lookup reference, and its entry_out. */
export function entryReply(ctx: FsContext, parent: bigint, name: Buffer, st: BigIntStats): Buffer {
  const id = ctx.inodes.remember(parent, name);
  return encodeEntryOut(id, viewOf(ctx, st), ctx.ttl);
}

export const isDir = (st: BigIntStats) => (Number(st.mode) & 0o170000) === 0o040000;
export const isRegular = (st: BigIntStats) => (Number(st.mode) & 0o170000) === 0o100000;

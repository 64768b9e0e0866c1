// Directories: MKDIR, RMDIR, OPENDIR, READDIR(PLUS), RELEASEDIR, FSYNCDIR.
import { mkdirSync, readdirSync, rmdirSync } from 'node:fs';
import { backingMode } from '../attrs.ts';
import { ERRNO } from '../../../spec/errno.ts';
import { FsError } from '../protocol/errno.ts';
import { direntSize, direntType, encodeEntryOut, encodeOpenOut, writeDirent } from '../protocol/reply.ts';
import { childPath, EMPTY, entryReply, nodePath, statOf, viewOf, type DirEntry, type Handler } from '../context.ts';
import { checkDirectoryUnder, checkNewName, creatorAttrs, entryCreated, entryRemoved } from './new-entry.ts';

export const mkdir: Handler = (ctx, h, body) => {
  const mode = body.u32() & 0o7777;
  body.u32(); // umask: the kernel already applied it
  const name = body.name();
  checkNewName(ctx, name);
  checkDirectoryUnder(ctx, h.nodeid);
  const path = childPath(ctx, h.nodeid, name);
  const stored = creatorAttrs(ctx, h, h.nodeid, mode, true);
  mkdirSync(path, { mode: backingMode(mode, true) });
  const st = statOf(path);
  entryCreated(ctx, h.nodeid, name, st, stored);
  return entryReply(ctx, h.nodeid, name, st);
};

export const rmdir: Handler = (ctx, h, body) => {
  const name = body.name();
  const path = childPath(ctx, h.nodeid, name);
  const st = statOf(path);
  rmdirSync(path);
  entryRemoved(ctx, h.nodeid, name, st);
  return EMPTY;
};

const DOT = Buffer.from('.');
const DOTDOT = Buffer.from('..');

const FOPEN_KEEP_CACHE = 1 << 1;
const FOPEN_CACHE_DIR = 1 << 3;

/**
 * The listing is taken once at OPENDIR, so offsets stay stable while the directory changes under a reader. The kernel
 * may keep it (CACHE_DIR, KEEP_CACHE): every change to a directory passes through the kernel, which drops its cached
 * listing then, so a second `ls`, `find` or scandir of an unchanged directory costs no READDIR at all.
 */
export const opendir: Handler = (ctx, h) => {
  const path = nodePath(ctx, h.nodeid);
  const self = statOf(path);
  const entries: DirEntry[] = [
    { name: DOT, st: self },
    { name: DOTDOT, st: undefined },
  ];
  for (const name of readdirSync(path, { encoding: 'buffer' })) entries.push({ name, st: undefined });
  return encodeOpenOut(ctx.dirs.add({ nodeid: h.nodeid, entries }), FOPEN_KEEP_CACHE | FOPEN_CACHE_DIR);
};

function readEntries(plus: boolean): Handler {
  return (ctx, _h, body) => {
    const fh = body.u64();
    const offset = Number(body.u64());
    const size = body.u32();
    const listing = ctx.dirs.get(fh);
    if (!listing) throw new FsError(ERRNO.EBADF, `no directory handle ${fh}`);
    const dirPath = nodePath(ctx, listing.nodeid);
    const out = Buffer.alloc(size);
    let used = 0;
    for (let i = offset; i < listing.entries.length; i++) {
      const e = listing.entries[i]!;
      const special = e.name === DOT || e.name === DOTDOT;
      let st = e.st;
      if (!special) {
        try {
          st = statOf(Buffer.concat([dirPath, Buffer.from('/'), e.name]));
        } catch {
          continue; // removed since OPENDIR
        }
      }
      const need = direntSize(e.name.length, plus);
      if (used + need > size) break;
      const mode = st ? Number(st.mode) : 0o040000;
      const entry = plus
        ? (b: Buffer<ArrayBufferLike>, off: number) => {
            if (special || !st) b.fill(0, off, off + 128);
            else encodeEntryOut(ctx.inodes.remember(listing.nodeid, e.name), viewOf(ctx, st), ctx.ttl, b, off);
          }
        : undefined;
      used += writeDirent(out, used, { ino: st?.ino ?? 1n, nextOffset: BigInt(i + 1), name: e.name, type: direntType(mode) }, entry);
    }
    return out.subarray(0, used);
  };
}

export const readdir = readEntries(false);
export const readdirplus = readEntries(true);

export const releasedir: Handler = (ctx, _h, body) => {
  ctx.dirs.remove(body.u64());
  return EMPTY;
};

export const fsyncdir: Handler = () => EMPTY;


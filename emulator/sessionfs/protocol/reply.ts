// Byte layouts of the FUSE replies we write (protocol 7.31, little-endian). Pure: values in, buffers out.
import type { AttrView } from '../attrs.ts';

export const OUT_HEADER_SIZE = 16;
export const ATTR_SIZE = 88;
export const ENTRY_OUT_SIZE = 40 + ATTR_SIZE;
export const ATTR_OUT_SIZE = 16 + ATTR_SIZE;

export function encodeOutHeader(unique: bigint, error: number, bodyLength: number): Buffer {
  const b = Buffer.alloc(OUT_HEADER_SIZE);
  b.writeUInt32LE(OUT_HEADER_SIZE + bodyLength, 0);
  b.writeInt32LE(error === 0 ? 0 : -Math.abs(error), 4);
  b.writeBigUInt64LE(unique, 8);
  return b;
}

/** Splits seconds into (seconds, nanoseconds) for the *_valid fields. */
const ttl = (seconds: number): [bigint, number] => [BigInt(Math.floor(seconds)), Math.round((seconds % 1) * 1e9)];

const NS = 1_000_000_000n;
/** A time in ns as the kernel's (signed seconds, nanoseconds in [0, 1e9)); BigInt division truncates towards 0. */
export function splitTime(ns: bigint): [bigint, number] {
  let s = ns / NS;
  let n = ns % NS;
  if (n < 0n) {
    s -= 1n;
    n += NS;
  }
  return [s, Number(n)];
}

function writeTime(b: Buffer, secondsAt: number, nanosAt: number, ns: bigint): void {
  const [s, n] = splitTime(ns);
  b.writeBigInt64LE(s, secondsAt);
  b.writeUInt32LE(n, nanosAt);
}

function writeAttr(b: Buffer, off: number, st: AttrView): void {
  b.writeBigUInt64LE(st.ino, off);
  b.writeBigUInt64LE(st.size, off + 8);
  b.writeBigUInt64LE(st.blocks, off + 16);
  writeTime(b, off + 24, off + 48, st.atimeNs);
  writeTime(b, off + 32, off + 52, st.mtimeNs);
  writeTime(b, off + 40, off + 56, st.ctimeNs);
  b.writeUInt32LE(Number(st.mode), off + 60);
  b.writeUInt32LE(Number(st.nlink), off + 64);
  b.writeUInt32LE(Number(st.uid), off + 68);
  b.writeUInt32LE(Number(st.gid), off + 72);
  b.writeUInt32LE(Number(st.rdev), off + 76);
  b.writeUInt32LE(Number(st.blksize), off + 80);
  b.writeUInt32LE(0, off + 84);
}

export interface EntryTtl {
  entrySeconds: number;
  attrSeconds: number;
}

export function encodeEntryOut(nodeid: bigint, st: AttrView, t: EntryTtl, b: Buffer<ArrayBufferLike> = Buffer.alloc(ENTRY_OUT_SIZE), off = 0): Buffer<ArrayBufferLike> {
  const [es, ens] = ttl(t.entrySeconds);
  const [as, ans] = ttl(t.attrSeconds);
  b.writeBigUInt64LE(nodeid, off);
  b.writeBigUInt64LE(0n, off + 8);
  b.writeBigUInt64LE(es, off + 16);
  b.writeBigUInt64LE(as, off + 24);
  b.writeUInt32LE(ens, off + 32);
  b.writeUInt32LE(ans, off + 36);
  writeAttr(b, off + 40, st);
  return b;
}

export function encodeAttrOut(st: AttrView, attrSeconds: number): Buffer {
  const b = Buffer.alloc(ATTR_OUT_SIZE);
  const [s, ns] = ttl(attrSeconds);
  b.writeBigUInt64LE(s, 0);
  b.writeUInt32LE(ns, 8);
  writeAttr(b, 16, st);
  return b;
}

export function encodeOpenOut(fh: bigint, openFlags: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeBigUInt64LE(fh, 0);
  b.writeUInt32LE(openFlags, 8);
  return b;
}

export function encodeWriteOut(size: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt32LE(size, 0);
  return b;
}

export interface StatfsValues {
  blocks: bigint;
  bfree: bigint;
  bavail: bigint;
  files: bigint;
  ffree: bigint;
  bsize: number;
  namelen: number;
}

export function encodeStatfsOut(s: StatfsValues): Buffer {
  const b = Buffer.alloc(80);
  b.writeBigUInt64LE(s.blocks, 0);
  b.writeBigUInt64LE(s.bfree, 8);
  b.writeBigUInt64LE(s.bavail, 16);
  b.writeBigUInt64LE(s.files, 24);
  b.writeBigUInt64LE(s.ffree, 32);
  b.writeUInt32LE(s.bsize, 40);
  b.writeUInt32LE(s.namelen, 44);
  b.writeUInt32LE(s.bsize, 48);
  return b;
}

export interface InitReply {
  major: number;
  minor: number;
  maxReadahead: number;
  flags: number;
  maxBackground: number;
  congestionThreshold: number;
  maxWrite: number;
  timeGran: number;
  maxPages: number;
}

export function encodeInitOut(r: InitReply): Buffer {
  const b = Buffer.alloc(64);
  b.writeUInt32LE(r.major, 0);
  b.writeUInt32LE(r.minor, 4);
  b.writeUInt32LE(r.maxReadahead, 8);
  b.writeUInt32LE(r.flags >>> 0, 12);
  b.writeUInt16LE(r.maxBackground, 16);
  b.writeUInt16LE(r.congestionThreshold, 18);
  b.writeUInt32LE(r.maxWrite, 20);
  b.writeUInt32LE(r.timeGran, 24);
  b.writeUInt16LE(r.maxPages, 28);
  return b;
}

const align8 = (n: number) => (n + 7) & ~7;

/** DT_* type of a directory entry from its mode. */
export const direntType = (mode: number): number => (mode >> 12) & 0o17;

/** Size of one fuse_dirent (plus = false) or fuse_direntplus record for a name of `nameLength` bytes. */
export const direntSize = (nameLength: number, plus: boolean): number => align8((plus ? ENTRY_OUT_SIZE : 0) + 24 + nameLength);

/** Writes one dirent at `off` (the caller sized the buffer); `entry` is the entry_out part for READDIRPLUS. */
export function writeDirent(
  b: Buffer,
  off: number,
  d: { ino: bigint; nextOffset: bigint; name: Buffer<ArrayBufferLike>; type: number },
  entry?: (b: Buffer<ArrayBufferLike>, off: number) => void,
): number {
  let p = off;
  if (entry) {
    entry(b, p);
    p += ENTRY_OUT_SIZE;
  }
  b.writeBigUInt64LE(d.ino, p);
  b.writeBigUInt64LE(d.nextOffset, p + 8);
  b.writeUInt32LE(d.name.length, p + 16);
  b.writeUInt32LE(d.type, p + 20);
  d.name.copy(b, p + 24);
  const size = direntSize(d.name.length, entry !== undefined);
  b.fill(0, p + 24 + d.name.length, off + size);
  return size;
}

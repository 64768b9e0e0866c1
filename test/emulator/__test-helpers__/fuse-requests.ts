// FUSE requests encoded as the kernel would, fed straight to dispatch, and the replies decoded: the session
// filesystem's handlers without a mount.
import { expect } from 'vitest';
import { dispatch } from '../../../emulator/sessionfs/dispatch.ts';
import type { FsContext } from '../../../emulator/sessionfs/context.ts';
import { FATTR } from '../../../emulator/sessionfs/protocol/opcodes.ts';
import { IN_HEADER_SIZE } from '../../../emulator/sessionfs/protocol/request.ts';

let unique = 1n;
/** A request from host uid/gid `caller` (default 0). */
export function request(opcode: number, nodeid: bigint, ...parts: Buffer[]): Buffer {
  return requestAs({ uid: 0, gid: 0 }, opcode, nodeid, ...parts);
}

export function requestAs(caller: { uid: number; gid: number }, opcode: number, nodeid: bigint, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const h = Buffer.alloc(IN_HEADER_SIZE);
  h.writeUInt32LE(IN_HEADER_SIZE + body.length, 0);
  h.writeUInt32LE(opcode, 4);
  h.writeBigUInt64LE(unique++, 8);
  h.writeBigUInt64LE(nodeid, 16);
  h.writeUInt32LE(caller.uid, 24);
  h.writeUInt32LE(caller.gid, 28);
  return Buffer.concat([h, body]);
}

export const u32s = (...v: number[]) => {
  const b = Buffer.alloc(v.length * 4);
  v.forEach((x, i) => b.writeUInt32LE(x, i * 4));
  return b;
};
export const u64s = (...v: bigint[]) => {
  const b = Buffer.alloc(v.length * 8);
  v.forEach((x, i) => b.writeBigUInt64LE(x, i * 8));
  return b;
};
export const cstr = (s: string | Buffer) => Buffer.concat([Buffer.isBuffer(s) ? s : Buffer.from(s), Buffer.alloc(1)]);

export interface SetattrFields {
  mode?: number;
  uid?: number;
  gid?: number;
  /** [seconds, nanoseconds] */
  atime?: [bigint, number];
  mtime?: [bigint, number];
  size?: bigint;
}

/** A SETATTR body (fuse_setattr_in) with the valid bits of the fields given. */
export function setattrBody(f: SetattrFields): Buffer {
  const b = Buffer.alloc(88);
  let valid = 0;
  if (f.mode !== undefined) valid |= FATTR.MODE;
  if (f.uid !== undefined) valid |= FATTR.UID;
  if (f.gid !== undefined) valid |= FATTR.GID;
  if (f.size !== undefined) valid |= FATTR.SIZE;
  if (f.atime) valid |= FATTR.ATIME;
  if (f.mtime) valid |= FATTR.MTIME;
  b.writeUInt32LE(valid, 0);
  b.writeBigUInt64LE(f.size ?? 0n, 16);
  b.writeBigInt64LE(f.atime?.[0] ?? 0n, 32);
  b.writeBigInt64LE(f.mtime?.[0] ?? 0n, 40);
  b.writeUInt32LE(f.atime?.[1] ?? 0, 56);
  b.writeUInt32LE(f.mtime?.[1] ?? 0, 60);
  b.writeUInt32LE(f.mode ?? 0, 68);
  b.writeUInt32LE(f.uid ?? 0, 76);
  b.writeUInt32LE(f.gid ?? 0, 80);
  return b;
}

export interface Answer {
  errno: number;
  body: Buffer;
}

export function send(ctx: FsContext, msg: Buffer): Answer | undefined {
  const { reply } = dispatch(ctx, msg);
  if (!reply) return undefined;
  const all = Buffer.concat(reply);
  expect(all.readUInt32LE(0)).toBe(all.length);
  return { errno: Math.abs(all.readInt32LE(4)), body: all.subarray(16) };
}

export const nodeOf = (a: Answer) => a.body.readBigUInt64LE(0);

/** The attributes in an attr_out (GETATTR, SETATTR) or, with `offset` 40, an entry_out. */
export function attrOf(a: Answer, offset = 16): { mtimeNs: bigint; atimeNs: bigint; mode: number; uid: number; gid: number } {
  const b = a.body;
  const time = (s: number, n: number) => b.readBigInt64LE(offset + s) * 1_000_000_000n + BigInt(b.readUInt32LE(offset + n));
  return { atimeNs: time(24, 48), mtimeNs: time(32, 52), mode: b.readUInt32LE(offset + 60), uid: b.readUInt32LE(offset + 68), gid: b.readUInt32LE(offset + 72) };
}

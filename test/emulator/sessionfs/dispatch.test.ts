// The session filesystem without a mount: requests are encoded as the kernel would, fed to dispatch, and the
// replies decoded. Covers the rule that every request is answered, and the refusals the policy configures.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext } from '../../../emulator/sessionfs/server.ts';
import { dispatch } from '../../../emulator/sessionfs/dispatch.ts';
import { cstr, nodeOf, request, send, u32s, u64s } from '../__test-helpers__/fuse-requests.ts';
import { DEFAULT_POLICY, type SessionFsPolicy } from '../../../emulator/sessionfs/policy.ts';
import { ERRNO } from '../../../spec/errno.ts';
import { OP } from '../../../emulator/sessionfs/protocol/opcodes.ts';
import { ENTRY_OUT_SIZE } from '../../../emulator/sessionfs/protocol/reply.ts';
import type { FsContext } from '../../../emulator/sessionfs/context.ts';


let dir: string;
let dirty: Set<string>;
let ctx: FsContext;
const make = (policy: SessionFsPolicy = DEFAULT_POLICY) => {
  dirty = new Set();
  ctx = createContext({ backing: dir, policy, onDirty: () => {}, log: () => {} }, dirty);
};
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sessionfs-'));
  make();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const mkdir = (parent: bigint, name: string | Buffer) => send(ctx, request(OP.MKDIR, parent, u32s(0o755, 0), cstr(name)))!;
const create = (parent: bigint, name: string) => send(ctx, request(OP.CREATE, parent, u32s(0o2 /* O_RDWR */, 0o644, 0, 0), cstr(name)))!;

describe('dispatch answers every request', () => {
  it('ENOSYS for an unknown opcode', () => {
    expect(send(ctx, request(9999, 1n))!.errno).toBe(ERRNO.ENOSYS);
  });
  it('EIO, not a hang, when a handler hits a malformed body', () => {
    expect(send(ctx, request(OP.LOOKUP, 1n, Buffer.from('no-terminator')))!.errno).toBe(ERRNO.EIO);
  });
  it('no reply for FORGET, and nothing at all for a message without a header', () => {
    expect(send(ctx, request(OP.FORGET, 2n, u64s(1n)))).toBeUndefined();
    expect(dispatch(ctx, Buffer.alloc(10)).reply).toBeUndefined();
  });
  it('a missing name is a cacheable negative entry (node id 0), other failures keep their errno', () => {
    const missing = send(ctx, request(OP.LOOKUP, 1n, cstr('nope')))!;
    expect(missing.errno).toBe(0);
    expect(nodeOf(missing)).toBe(0n);
    expect(send(ctx, request(OP.GETATTR, 99n, u32s(0, 0), u64s(0n)))!.errno).toBe(ERRNO.ENOENT);
  });
});

describe('operations reach the backing directory and report dirty paths', () => {
  it('mkdir, create, write, rename and unlink', () => {
    const d = nodeOf(mkdir(1n, 'd'));
    const c = create(d, 'f');
    expect(c.errno).toBe(0);
    const fh = c.body.readBigUInt64LE(ENTRY_OUT_SIZE);
    const data = Buffer.from('hello');
    const w = send(ctx, request(OP.WRITE, nodeOf(c), u64s(fh, 0n), u32s(data.length, 0), u64s(0n), u32s(0, 0), data))!;
    expect(w.body.readUInt32LE(0)).toBe(5);
    expect(readFileSync(join(dir, 'd/f'), 'utf8')).toBe('hello');
    expect(send(ctx, request(OP.RENAME, d, u64s(1n), cstr('f'), cstr('g')))!.errno).toBe(0);
    expect(readFileSync(join(dir, 'g'), 'utf8')).toBe('hello');
    expect(ctx.usage.bytes).toBe(5);
    expect(send(ctx, request(OP.UNLINK, 1n, cstr('g')))!.errno).toBe(0);
    expect(ctx.usage.bytes).toBe(0);
    expect([...dirty]).toEqual(expect.arrayContaining(['d', 'd/f', 'g', '']));
  });
});

describe('refusals come from the policy', () => {
  it.each([
    ['hard link', () => send(ctx, request(OP.LINK, 1n, u64s(2n), cstr('l')))!, ERRNO.EPERM],
    ['FIFO', () => send(ctx, request(OP.MKNOD, 1n, u32s(0o010644, 0, 0, 0), cstr('p')))!, ERRNO.EPERM],
    ['UNIX socket', () => send(ctx, request(OP.MKNOD, 1n, u32s(0o140755, 0, 0, 0), cstr('s')))!, ERRNO.EPERM],
    // EOPNOTSUPP travels as ENOSYS so the kernel caches it and answers EOPNOTSUPP itself.
    ['setxattr', () => send(ctx, request(OP.SETXATTR, 1n, u32s(1, 0), cstr('user.x'), Buffer.from('1')))!, ERRNO.ENOSYS],
    ['fallocate', () => send(ctx, request(OP.FALLOCATE, 1n, u64s(1n, 0n, 10n), u32s(0, 0)))!, ERRNO.ENOSYS],
    ['a 256-byte name', () => mkdir(1n, 'n'.repeat(256)), ERRNO.ENAMETOOLONG],
  ])('%s', (_what, call, errno) => {
    expect(call().errno).toBe(errno);
  });

  it('a 255-byte name is fine', () => {
    expect(mkdir(1n, 'n'.repeat(255)).errno).toBe(0);
  });

  it('uses the errno a profile chooses', () => {
    make({ ...DEFAULT_POLICY, refusals: { ...DEFAULT_POLICY.refusals, hardLink: 'EOPNOTSUPP', nameTooLong: 'EINVAL' } });
    expect(send(ctx, request(OP.LINK, 1n, u64s(2n), cstr('l')))!.errno).toBe(ERRNO.EOPNOTSUPP);
    expect(mkdir(1n, 'n'.repeat(256)).errno).toBe(ERRNO.EINVAL);
  });

  it('directory depth: the limit is allowed, one more is refused, also when a subtree is moved', () => {
    make({ ...DEFAULT_POLICY, limits: { ...DEFAULT_POLICY.limits, depth: 3 } });
    const a = nodeOf(mkdir(1n, 'a'));
    const b = nodeOf(mkdir(a, 'b'));
    const c = nodeOf(mkdir(b, 'c'));
    expect(mkdir(c, 'd').errno).toBe(ERRNO.ENAMETOOLONG);
    const x = nodeOf(mkdir(1n, 'x'));
    nodeOf(mkdir(x, 'y'));
    // x/y moved under a/b would put y at depth 4.
    expect(send(ctx, request(OP.RENAME, 1n, u64s(b), cstr('x'), cstr('x')))!.errno).toBe(ERRNO.ENAMETOOLONG);
    expect(existsSync(join(dir, 'x/y'))).toBe(true);
  });

  it('metadata budget: creation stops at the limit with the profile errno, removal frees room', () => {
    // Room for two entries with one-byte names.
    make({ ...DEFAULT_POLICY, limits: { ...DEFAULT_POLICY.limits, metadataBytes: 2 * (DEFAULT_POLICY.limits.entryOverheadBytes + 1) } });
    expect(mkdir(1n, 'a').errno).toBe(0);
    expect(create(1n, 'b').errno).toBe(0);
    expect(create(1n, 'c').errno).toBe(ERRNO.ENOSPC);
    expect(send(ctx, request(OP.RMDIR, 1n, cstr('a')))!.errno).toBe(0);
    expect(create(1n, 'c').errno).toBe(0);
  });

  it('storage quota: a write is cut at the limit, the next one is refused, stored bytes stay', () => {
    make({ ...DEFAULT_POLICY, limits: { ...DEFAULT_POLICY.limits, storageBytes: 8 } });
    const c = create(1n, 'f');
    const fh = c.body.readBigUInt64LE(ENTRY_OUT_SIZE);
    const write = (off: bigint, s: string) =>
      send(ctx, request(OP.WRITE, nodeOf(c), u64s(fh, off), u32s(s.length, 0), u64s(0n), u32s(0, 0), Buffer.from(s)))!;
    expect(write(0n, 'abcdef').body.readUInt32LE(0)).toBe(6);
    expect(write(6n, 'ghij').body.readUInt32LE(0)).toBe(2);
    expect(write(8n, 'k').errno).toBe(ERRNO.ENOSPC);
    expect(readFileSync(join(dir, 'f'), 'utf8')).toBe('abcdefgh');
  });
});

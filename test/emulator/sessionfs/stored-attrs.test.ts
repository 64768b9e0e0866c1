// The attributes sessionfs stores beside its backing inodes, request by request: what a reply shows, what the dirty
// records carry to the replicator, what the journal gives a crash salvage, and when a stored time gives way to the
// backing inode's own (a write, a change in a directory).
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readJournal } from '../../../emulator/sessionfs/attr-journal.ts';
import type { FsContext } from '../../../emulator/sessionfs/context.ts';
import { DEFAULT_POLICY } from '../../../emulator/sessionfs/policy.ts';
import { ERRNO } from '../../../spec/errno.ts';
import { OP } from '../../../emulator/sessionfs/protocol/opcodes.ts';
import { ENTRY_OUT_SIZE } from '../../../emulator/sessionfs/protocol/reply.ts';
import { createContext, type DirtyRecord } from '../../../emulator/sessionfs/server.ts';
import { attrOf, cstr, nodeOf, request, requestAs, send, setattrBody, u32s, u64s, type SetattrFields } from '../__test-helpers__/fuse-requests.ts';

const BASE = 300_000; // the session's root, as a host id
let dir: string;
let ctx: FsContext;
let pending: Set<string>;
const journal = () => join(dir, 'attrs.journal');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sessionfs-attrs-'));
  pending = new Set();
  const backing = join(dir, 'cache');
  mkdirSync(backing);
  ctx = createContext({ backing, policy: DEFAULT_POLICY, ids: { uid: BASE, gid: BASE }, journal: journal(), onDirty: () => {}, log: () => {} }, pending);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const root = { uid: BASE, gid: BASE };
const mkdir = (parent: bigint, name: string, caller = root) => send(ctx, requestAs(caller, OP.MKDIR, parent, u32s(0o755, 0), cstr(name)))!;
const create = (parent: bigint, name: string, caller = root) => send(ctx, requestAs(caller, OP.CREATE, parent, u32s(2, 0o644, 0, 0), cstr(name)))!;
const setattr = (node: bigint, f: SetattrFields) => send(ctx, request(OP.SETATTR, node, setattrBody(f)))!;
const getattr = (node: bigint) => attrOf(send(ctx, request(OP.GETATTR, node, u32s(0, 0), u64s(0n)))!);
const lookup = (parent: bigint, name: string) => send(ctx, request(OP.LOOKUP, parent, cstr(name)))!;
/** The dirty records the server would send after the last requests. */
const records = (): DirtyRecord[] => {
  const out = [...pending].map((p): DirtyRecord => {
    const a = ctx.attrs.ofPath(p);
    return a ? [p, { ...(a.uid !== undefined ? { uid: a.uid } : {}), ...(a.mtimeNs !== undefined ? { mtime: String(a.mtimeNs) } : {}) }] : p;
  });
  pending.clear();
  return out;
};

describe('owners', () => {
  it('a new entry belongs to its creator; chown stores inside ids and reports host ids; ids outside the range are EINVAL', () => {
    const f = create(1n, 'f', { uid: BASE + 1000, gid: BASE + 1000 });
    expect(attrOf(f, 40)).toMatchObject({ uid: BASE + 1000, gid: BASE + 1000 });
    const node = nodeOf(f);
    expect(setattr(node, { uid: BASE + 7, gid: BASE + 65535 }).errno).toBe(0);
    expect(getattr(node)).toMatchObject({ uid: BASE + 7, gid: BASE + 65535 });
    expect(setattr(node, { uid: BASE - 1 }).errno).toBe(ERRNO.EINVAL);
    expect(setattr(node, { gid: BASE + 65536 }).errno).toBe(ERRNO.EINVAL);
    // Back to the session's root: nothing left to store.
    expect(setattr(node, { uid: BASE, gid: BASE }).errno).toBe(0);
    expect(ctx.attrs.size).toBe(0);
    expect(readJournal(journal()).size).toBe(0);
    // The backing inode stays the session root's (in a session: the server's own uid).
    expect(lstatSync(join(dir, 'cache/f')).uid).toBe(BASE);
  });

  it('a directory set-group-id passes its group to what is created in it', () => {
    const d = nodeOf(mkdir(1n, 'd'));
    setattr(d, { gid: BASE + 50, mode: 0o2775 });
    const f = create(d, 'f', { uid: BASE + 1000, gid: BASE + 1000 });
    expect(attrOf(f, 40)).toMatchObject({ uid: BASE + 1000, gid: BASE + 50 });
  });
});

describe('modes and times the backing inode cannot hold', () => {
  it('chmod 000 is shown as 000 while the backing file keeps its owner\'s access', () => {
    const node = nodeOf(create(1n, 'f'));
    expect(setattr(node, { mode: 0o000 }).errno).toBe(0);
    expect(getattr(node).mode & 0o7777).toBe(0);
    expect(lstatSync(join(dir, 'cache/f')).mode & 0o7777).toBe(0o600);
    expect(setattr(node, { mode: 0o640 }).errno).toBe(0);
    expect(getattr(node).mode & 0o7777).toBe(0o640);
    expect(ctx.attrs.size).toBe(0);
  });

  it('times are kept to the nanosecond; a write gives mtime back to the backing file', () => {
    const c = create(1n, 'f');
    const node = nodeOf(c);
    expect(setattr(node, { atime: [1_600_000_000n, 987_654_321], mtime: [1_700_000_000n, 123_456_789] }).errno).toBe(0);
    expect(getattr(node)).toMatchObject({ atimeNs: 1_600_000_000_987_654_321n, mtimeNs: 1_700_000_000_123_456_789n });
    records();
    const fh = c.body.readBigUInt64LE(ENTRY_OUT_SIZE);
    send(ctx, request(OP.WRITE, node, u64s(fh, 0n), u32s(1, 0), u64s(0n), u32s(0, 0), Buffer.from('x')));
    const after = getattr(node);
    expect(after.atimeNs).toBe(1_600_000_000_987_654_321n);
    expect(after.mtimeNs).toBe(lstatSync(join(dir, 'cache/f'), { bigint: true }).mtimeNs);
    expect(after.mtimeNs).toBeGreaterThan(1_700_000_001_000_000_000n);
  });

  it('a directory whose content changes gets its backing mtime back', () => {
    const d = nodeOf(mkdir(1n, 'd'));
    setattr(d, { atime: [1n, 1], mtime: [2n, 2] });
    expect(getattr(d).mtimeNs).toBe(2_000_000_002n);
    create(d, 'x');
    expect(getattr(d).mtimeNs).toBe(lstatSync(join(dir, 'cache/d'), { bigint: true }).mtimeNs);
    expect(getattr(d).atimeNs).toBe(1_000_000_001n);
  });
});

describe('renames, removals, and what the replicator and the journal get', () => {
  it('stored attributes move with a renamed directory and its descendants are reported dirty with them', () => {
    const a = nodeOf(mkdir(1n, 'a'));
    const b = nodeOf(mkdir(a, 'b'));
    const f = nodeOf(create(b, 'f'));
    setattr(f, { uid: BASE + 1000 });
    setattr(b, { mtime: [1_500_000_000n, 1] });
    records();
    expect(send(ctx, request(OP.RENAME, 1n, u64s(1n), cstr('a'), cstr('z')))!.errno).toBe(0);
    expect(records()).toEqual(expect.arrayContaining(['a', 'z', '', ['z/b/f', { uid: 1000 }], ['z/b', { mtime: '1500000000000000001' }]]));
    expect(attrOf(lookup(nodeOf(lookup(1n, 'z')), 'b'), 40).mtimeNs).toBe(1_500_000_000_000_000_001n);
    const state = readJournal(journal());
    expect([...state.keys()].sort()).toEqual(['z/b', 'z/b/f']);
  });

  it('removing an entry forgets what was stored for it, so a reused inode starts clean', () => {
    const f = nodeOf(create(1n, 'f'));
    setattr(f, { uid: BASE + 5, mode: 0o000 });
    expect(send(ctx, request(OP.UNLINK, 1n, cstr('f')))!.errno).toBe(0);
    expect(ctx.attrs.size).toBe(0);
    const d = nodeOf(mkdir(1n, 'd'));
    setattr(d, { uid: BASE + 5 });
    expect(send(ctx, request(OP.RMDIR, 1n, cstr('d')))!.errno).toBe(0);
    expect(ctx.attrs.size).toBe(0);
    expect(readJournal(journal()).size).toBe(0);
    // The journal is an append log of the changes, readable line by line.
    expect(readFileSync(journal(), 'utf8').trim().split('\n').length).toBeGreaterThanOrEqual(4);
  });
});

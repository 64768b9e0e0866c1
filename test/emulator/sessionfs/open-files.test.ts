// Files the kernel opens without asking (OPEN answers ENOSYS): I/O reaches the backing file by node, and a file
// unlinked or replaced while open keeps working until the kernel forgets it; directory listings the kernel keeps
// follow every change. First at the request level, then through a real mount with the calls programs make.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext } from '../../../emulator/sessionfs/server.ts';
import type { FsContext } from '../../../emulator/sessionfs/context.ts';
import { NODE_FILES_KEPT, NodeFiles } from '../../../emulator/sessionfs/node-files.ts';
import { DEFAULT_POLICY } from '../../../emulator/sessionfs/policy.ts';
import { ERRNO } from '../../../spec/errno.ts';
import { OP } from '../../../emulator/sessionfs/protocol/opcodes.ts';
import { ENTRY_OUT_SIZE } from '../../../emulator/sessionfs/protocol/reply.ts';
import { cstr, nodeOf, request, send, u32s, u64s } from '../__test-helpers__/fuse-requests.ts';
import { mountSessionFs, type MountedFs } from '../__test-helpers__/sessionfs-mount.ts';
import { shq } from '../../../bench/workloads.ts';

let dir: string;
let ctx: FsContext;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sessionfs-open-'));
  ctx = createContext({ backing: dir, policy: DEFAULT_POLICY, onDirty: () => {}, log: () => {} }, new Set());
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const create = (name: string) => send(ctx, request(OP.CREATE, 1n, u32s(0o1 /* O_WRONLY */, 0o644, 0, 0), cstr(name)))!;
const write = (node: bigint, off: bigint, s: string) =>
  send(ctx, request(OP.WRITE, node, u64s(0n, off), u32s(s.length, 0), u64s(0n), u32s(0, 0), Buffer.from(s)))!;
const read = (node: bigint, size = 100) => send(ctx, request(OP.READ, node, u64s(0n, 0n), u32s(size, 0, 0, 0), u64s(0n), u32s(0, 0)))!;
const lookup = (name: string) => nodeOf(send(ctx, request(OP.LOOKUP, 1n, cstr(name)))!);
const forget = (node: bigint, n: bigint) => send(ctx, request(OP.FORGET, node, u64s(n)));
/** Enough other files used that no descriptor opened before is still kept (only pinned ones are). */
const pushOut = () => {
  for (let i = 0; i <= NODE_FILES_KEPT; i++) create(`other-${i}`);
};

describe('opens without a round trip', () => {
  it('OPEN answers ENOSYS (the kernel then opens on its own), CREATE answers with no handle of ours', () => {
    const c = create('f');
    expect(c.errno).toBe(0);
    expect(c.body.readBigUInt64LE(ENTRY_OUT_SIZE)).toBe(0n);
    expect(send(ctx, request(OP.OPEN, nodeOf(c), u32s(0, 0)))!.errno).toBe(ERRNO.ENOSYS);
    expect(send(ctx, request(OP.RELEASE, nodeOf(c), u64s(0n), u32s(0, 0), u64s(0n)))!.errno).toBe(0);
  });

  it('READ and WRITE without a handle reach the backing file by node', () => {
    const f = nodeOf(create('f'));
    expect(write(f, 0n, 'hello').errno).toBe(0);
    expect(read(f).body.toString()).toBe('hello');
    expect(readFileSync(join(dir, 'f'), 'utf8')).toBe('hello');
    // A node looked up later (another process's open) finds the same file.
    const again = lookup('f');
    expect(again).toBe(f);
    expect(read(again).body.toString()).toBe('hello');
  });

  it('a file unlinked while the kernel holds its node still reads, writes and stats, until forgotten', () => {
    const f = nodeOf(create('f'));
    write(f, 0n, 'kept');
    pushOut();
    expect(send(ctx, request(OP.UNLINK, 1n, cstr('f')))!.errno).toBe(0);
    pushOut();
    expect(read(f).body.toString()).toBe('kept');
    expect(write(f, 4n, '!').errno).toBe(0);
    expect(read(f).body.toString()).toBe('kept!');
    const attr = send(ctx, request(OP.GETATTR, f, u32s(1, 0), u64s(0n)))!;
    expect(attr.errno).toBe(0);
    expect(attr.body.readBigUInt64LE(16 + 8)).toBe(5n);
    const before = ctx.nodeFiles.size;
    forget(f, 1n);
    expect(ctx.nodeFiles.size).toBe(before - 1);
    expect(read(f).errno).toBe(ERRNO.ENOENT);
  });

  it('a file replaced by a rename keeps its content for whoever has it open', () => {
    const old = nodeOf(create('a'));
    write(old, 0n, 'old');
    const b = nodeOf(create('b'));
    write(b, 0n, 'new');
    pushOut();
    expect(send(ctx, request(OP.RENAME, 1n, u64s(1n), cstr('b'), cstr('a')))!.errno).toBe(0);
    expect(read(old).body.toString()).toBe('old');
    expect(read(b).body.toString()).toBe('new');
    expect(readFileSync(join(dir, 'a'), 'utf8')).toBe('new');
  });
});

describe('NodeFiles', () => {
  it('keeps at most its limit of descriptors for linked nodes, least recently used out first; pinned ones stay', () => {
    const files = new NodeFiles(2);
    for (const n of ['a', 'b', 'c']) create(n);
    const path = (n: string) => Buffer.from(join(dir, n));
    const a = files.fd(10n, path('a'), true);
    files.fd(11n, path('b'), true);
    expect(files.fd(10n, undefined, true)).toBe(a); // a is now the most recent
    files.fd(12n, path('c'), true); // b goes
    expect(files.existing(11n)).toBeUndefined();
    expect(files.existing(10n)).toBe(a);
    files.pin(10n, path('a'));
    files.fd(11n, path('b'), true);
    files.fd(12n, path('c'), true);
    expect(files.existing(10n)).toBe(a);
    expect(files.size).toBe(3);
    for (const id of [10n, 11n, 12n]) files.forget(id);
    expect(files.size).toBe(0);
  });
});

describe('NodeFiles access modes', () => {
  // On an overlay over the stored tree (lazy resume) a read-write open copies the file up: reading must not.
  const flagsOf = (fd: number) => Number(/^flags:\s+(\d+)/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))![1]) & 0o3;
  it('opens read-only for reads, read-write once a write needs it, and pins read-write', () => {
    const files = new NodeFiles(4);
    for (const n of ['a', 'b']) create(n);
    const path = (n: string) => Buffer.from(join(dir, n));
    const r = files.fd(10n, path('a'), false);
    expect(flagsOf(r)).toBe(0); // O_RDONLY
    expect(files.fd(10n, path('a'), false)).toBe(r);
    const w = files.fd(10n, path('a'), true);
    expect(flagsOf(w)).toBe(2); // O_RDWR
    expect(files.fd(10n, path('a'), false)).toBe(w);
    files.fd(11n, path('b'), false);
    files.pin(11n, path('b'));
    expect(flagsOf(files.existing(11n)!)).toBe(2);
    for (const id of [10n, 11n]) files.forget(id);
    expect(files.size).toBe(0);
  });
});

describe('through a mount', () => {
  let fs: MountedFs;
  beforeEach(async () => {
    fs = await mountSessionFs({ policy: DEFAULT_POLICY });
  });
  afterEach(async () => {
    await fs.close();
  });

  it('open-unlinked and replaced files, O_APPEND, O_TRUNC and fsync behave as on a local filesystem', async () => {
    const program = String.raw`
import os
os.chdir('${fs.mountpoint}')
with open('f', 'w') as f: f.write('abc')
fd = os.open('f', os.O_RDWR)
def push_out():  # more files used than the server keeps descriptors for: only a pinned one survives
    for i in range(${NODE_FILES_KEPT + 1}): os.close(os.open(f'other-{i}', os.O_RDONLY | os.O_CREAT))
push_out()
os.unlink('f')
push_out()
assert os.pread(fd, 10, 0) == b'abc'
os.pwrite(fd, b'def', 3)
os.ftruncate(fd, 5)
assert os.fstat(fd).st_size == 5 and os.pread(fd, 10, 0) == b'abcde'
os.fsync(fd)
os.close(fd)
assert not os.path.exists('f')
with open('a', 'w') as f: f.write('old')
keep = os.open('a', os.O_RDONLY)
with open('b', 'w') as f: f.write('new')
push_out()
os.rename('b', 'a')
assert os.read(keep, 10) == b'old'
os.close(keep)
with open('a', 'a') as f: f.write('+more')
with open('a') as f: assert f.read() == 'new+more'
with open('a', 'w') as f: f.write('x')
with open('a') as f: assert f.read() == 'x'
print('ok')
`;
    const r = await fs.as(0, `python3 -c ${shq(program)}`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('ok\n');
    expect(readFileSync(join(fs.backing, 'a'), 'utf8')).toBe('x');
  });

  it('a directory listing the kernel keeps follows every change made through the mount', async () => {
    const program = String.raw`
import os
os.chdir('${fs.mountpoint}')
os.mkdir('d')
for i in range(300): os.close(os.open(f'd/f{i}', os.O_CREAT | os.O_WRONLY))
want = {f'f{i}' for i in range(300)}
def check():
    for _ in range(2):  # the second listing is the kernel's cached one
        assert set(os.listdir('d')) == want, sorted(set(os.listdir('d')) ^ want)[:5]
check()
os.close(os.open('d/new', os.O_CREAT | os.O_WRONLY)); want.add('new'); check()
os.unlink('d/f7'); want.discard('f7'); check()
os.rename('d/f8', 'd/g8'); want.discard('f8'); want.add('g8'); check()
os.mkdir('d/sub'); want.add('sub'); check()
os.rename('d/f9', 'f9'); want.discard('f9'); check()
os.symlink('f1', 'd/link'); want.add('link'); check()
os.rmdir('d/sub'); want.discard('sub'); check()
print('ok')
`;
    const r = await fs.as(0, `python3 -c ${shq(program)}`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('ok\n');
  });
});

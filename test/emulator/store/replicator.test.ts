// The replicator makes the replica equal the cache at every marked path: files, new directories copied whole,
// renames and removals, names that are not UTF-8, and nothing left in the replica from copies in flight. The copies
// carry exact attributes (owners as inside ids, times to the nanosecond), and a symlink the session swaps in for a
// directory never leads root out of the cache or the replica.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lstat, mkdtemp, mkdir, readdir, readFile, rename, rm, symlink, utimes, writeFile, readlink, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Replicator } from '../../../emulator/store/replicator.ts';

let root: string;
let cache: string;
let replica: string;
let tmp: string;
let r: Replicator;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ssc-repl-'));
  [cache, replica, tmp] = ['cache', 'replica', 'tmp'].map((d) => join(root, d)) as [string, string, string];
  await Promise.all([cache, replica, tmp].map((d) => mkdir(d)));
  r = new Replicator(cache, replica, tmp, () => {}, 10_000);
});
afterEach(async () => rm(root, { recursive: true, force: true }));

describe('Replicator', () => {
  it('copies new files and whole new directories, keeping modes and symlink targets', async () => {
    await mkdir(join(cache, 'd/e'), { recursive: true });
    await writeFile(join(cache, 'd/e/f'), 'deep', { mode: 0o600 });
    await symlink('e/f', join(cache, 'd/link'));
    await writeFile(join(cache, 'top'), 'top');
    r.mark(['d', 'd/e', 'd/e/f', 'd/link', 'top', '']);
    await r.flush();
    expect(await readFile(join(replica, 'd/e/f'), 'utf8')).toBe('deep');
    expect((await stat(join(replica, 'd/e/f'))).mode & 0o777).toBe(0o600);
    expect(await readlink(join(replica, 'd/link'))).toBe('e/f');
    expect(await readFile(join(replica, 'top'), 'utf8')).toBe('top');
    expect(await readdir(tmp)).toEqual([]);
  });

  it('follows renames and removals', async () => {
    await mkdir(join(cache, 'a'));
    await writeFile(join(cache, 'a/x'), '1');
    r.mark(['a', 'a/x']);
    await r.flush();
    await rename(join(cache, 'a'), join(cache, 'b'));
    r.mark(['a', 'b', '']);
    await r.flush();
    expect(await readdir(replica)).toEqual(['b']);
    expect(await readFile(join(replica, 'b/x'), 'utf8')).toBe('1');
    await rm(join(cache, 'b/x'));
    r.mark(['b/x']);
    await r.flush();
    expect(await readdir(join(replica, 'b'))).toEqual([]);
  });

  it('handles names that are UTF-8 and names that are not', async () => {
    const utf8 = 'répertoire';
    const raw = Buffer.from([0x66, 0xff, 0x67]); // "f\\xffg": not valid UTF-8
    await mkdir(join(cache, utf8));
    await writeFile(join(cache, utf8, 'é'), 'u');
    await writeFile(Buffer.concat([Buffer.from(`${cache}/`), raw]), 'raw');
    r.mark([Buffer.from(utf8).toString('latin1'), raw.toString('latin1')]);
    await r.flush();
    expect(await readFile(join(replica, utf8, 'é'), 'utf8')).toBe('u');
    expect(await readFile(Buffer.concat([Buffer.from(`${replica}/`), raw]), 'utf8')).toBe('raw');
  });
});

describe('Replicator: exact attributes', () => {
  it('gives copies the stored owners, mode and times, and the cache inode\'s exact times otherwise', async () => {
    await mkdir(join(cache, 'd'));
    await writeFile(join(cache, 'd/f'), 'f', { mode: 0o600 });
    await writeFile(join(cache, 'g'), 'g');
    r.mark(['', 'd', ['d/f', { uid: 1000, gid: 2000, mode: 0o000, mtime: '1700000000123456789', atime: '-5' }], 'g']);
    // Taken before the copy reads the file: outside a noatime mount that read moves the cache's atime.
    const gc = await lstat(join(cache, 'g'), { bigint: true });
    await r.flush();
    const f = await lstat(join(replica, 'd/f'), { bigint: true });
    expect([f.uid, f.gid, f.mode & 0o7777n, f.mtimeNs, f.atimeNs].map(String)).toEqual(['1000', '2000', '0', '1700000000123456789', '-5']);
    const gr = await lstat(join(replica, 'g'), { bigint: true });
    expect([gr.atimeNs, gr.mtimeNs, gr.uid].map(String)).toEqual([gc.atimeNs, gc.mtimeNs, 0n].map(String));
    const [dc, dr] = await Promise.all([lstat(join(cache, 'd'), { bigint: true }), lstat(join(replica, 'd'), { bigint: true })]);
    expect(dr.mtimeNs).toBe(dc.mtimeNs);
  });

  it('keeps set-id and sticky bits of files and directories given other owners', async () => {
    // The kernel clears a file's set-id bits when its owner changes (not a directory's): the mode must come last.
    await mkdir(join(cache, 'new/sub'), { recursive: true });
    await mkdir(join(cache, 'kept'));
    await writeFile(join(cache, 'new/sub/tool'), '#!/bin/sh\n');
    const owned = (mode: number) => ({ uid: 1000, gid: 1000, mode });
    r.mark(['', 'kept']);
    await r.flush();
    r.mark([['new', owned(0o3775)], ['new/sub', owned(0o2750)], ['new/sub/tool', owned(0o6755)], ['kept', owned(0o1777)]]);
    await r.flush();
    const modes = await Promise.all(['new', 'new/sub', 'new/sub/tool', 'kept'].map(async (p) => (await lstat(join(replica, p))).mode & 0o7777));
    expect(modes).toEqual([0o3775, 0o2750, 0o6755, 0o1777]);
  });

  it('a file rewritten in a directory that is not dirty leaves the directory\'s times alone', async () => {
    await mkdir(join(cache, 'd'));
    await writeFile(join(cache, 'd/f'), '1');
    await utimes(join(cache, 'd'), 1_500_000_000, 1_500_000_000);
    r.mark(['d']);
    await r.flush();
    expect((await lstat(join(replica, 'd'))).mtimeMs).toBe(1_500_000_000_000);
    await writeFile(join(cache, 'd/f'), '2');
    r.mark(['d/f']);
    await r.flush();
    expect(await readFile(join(replica, 'd/f'), 'utf8')).toBe('2');
    expect((await lstat(join(replica, 'd'))).mtimeMs).toBe(1_500_000_000_000);
  });
});

describe('Replicator: symlinks swapped in for directories', () => {
  let outside: string;
  beforeEach(async () => {
    outside = await mkdtemp(join(tmpdir(), 'ssc-outside-'));
    await writeFile(join(outside, 'secret'), 'host secret');
  });
  afterEach(async () => rm(outside, { recursive: true, force: true }));

  it('does not read through a symlink in the cache: a host file never reaches the replica', async () => {
    await mkdir(join(cache, 'd'));
    await writeFile(join(cache, 'd/secret'), 'mine');
    r.mark(['d', 'd/secret']);
    await r.flush();
    // The session swaps the directory for a symlink out of the cache; the stale dirty path comes after.
    await rm(join(cache, 'd'), { recursive: true });
    await symlink(outside, join(cache, 'd'));
    r.mark(['d/secret']);
    await r.flush();
    expect(await readFile(join(replica, 'd/secret'), 'utf8').catch(() => 'gone')).not.toBe('host secret');
  });

  it('does not write through a symlink in the replica: nothing lands outside it', async () => {
    await symlink(outside, join(cache, 'd'));
    r.mark(['d']);
    await r.flush();
    expect(await readlink(join(replica, 'd'))).toBe(outside);
    // The session makes `d` a directory again and writes in it; only the file's path is marked.
    await rm(join(cache, 'd'));
    await mkdir(join(cache, 'd'));
    await writeFile(join(cache, 'd/planted'), 'planted');
    r.mark(['d/planted']);
    await r.flush();
    expect(await readdir(outside)).toEqual(['secret']);
    r.mark(['d']);
    await r.flush();
    expect(await readFile(join(replica, 'd/planted'), 'utf8')).toBe('planted');
  });
});

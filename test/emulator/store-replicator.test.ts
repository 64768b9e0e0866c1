// The replicator makes the replica equal the cache at every marked path: files, new directories copied whole,
// renames and removals, names that are not UTF-8, and nothing left in the replica from copies in flight.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, readdir, readFile, rename, rm, symlink, writeFile, readlink, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Replicator } from '../../emulator/store/replicator.ts';

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

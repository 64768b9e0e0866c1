import { lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDeviations } from '../../../emulator/deviations.ts';
import { applyRestoreDefects } from '../../../emulator/sessions/restore-defects.ts';
import { sessionDefects } from '../../../emulator/sessions/session-defects.ts';

const MiB = 1024 * 1024;

async function tree(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ssc-restore-dev-'));
  await mkdir(join(dir, 'd/.hidden-dir'), { recursive: true });
  await writeFile(join(dir, '.env'), 'x');
  await writeFile(join(dir, 'd/.hidden-dir/f'), 'x');
  await writeFile(join(dir, 'd/big'), Buffer.alloc(MiB + 1));
  await writeFile(join(dir, 'exact'), Buffer.alloc(MiB));
  await symlink('big', join(dir, 'd/.link'));
  return dir;
}

const list = async (dir: string): Promise<string[]> => ((await readdir(dir, { recursive: true })) as string[]).sort();

/** The restore defects one deviation derives (session-defects.ts), applied to `dir`. */
async function applyDeviation(dir: string, name: string): Promise<void> {
  const { restore } = sessionDefects(parseDeviations(name));
  if (!restore) throw new Error(`${name} derives no restore defect`);
  await applyRestoreDefects(dir, restore);
}

describe('applyRestoreDefects', () => {
  it('a deviation that is no restore defect derives none: the stored tree is served as stored', () => {
    expect(sessionDefects(parseDeviations('no-persist-on-stop')).restore).toBeUndefined();
    expect(sessionDefects(parseDeviations([])).restore).toBeUndefined();
  });
  it('drop-dotfiles-on-resume removes every dot-named entry, at any depth', async () => {
    const dir = await tree();
    await applyDeviation(dir, ('drop-dotfiles-on-resume'));
    expect(await list(dir)).toEqual(['d', 'd/big', 'exact']);
    await rm(dir, { recursive: true });
  });
  it('truncate-large-files-on-resume cuts files over 1 MiB to 1 MiB', async () => {
    const dir = await tree();
    await applyDeviation(dir, ('truncate-large-files-on-resume'));
    expect((await stat(join(dir, 'd/big'))).size).toBe(MiB);
    expect((await stat(join(dir, 'exact'))).size).toBe(MiB);
    await rm(dir, { recursive: true });
  });
  it('symlinks-resolved-on-restore replaces links by copies of the files they reach; dangling links vanish', async () => {
    const dir = await tree();
    await symlink('nowhere', join(dir, 'dangling'));
    await applyDeviation(dir, ('symlinks-resolved-on-restore'));
    const copied = await lstat(join(dir, 'd/.link'));
    expect([copied.isFile(), copied.size]).toEqual([true, MiB + 1]);
    await expect(lstat(join(dir, 'dangling'))).rejects.toMatchObject({ code: 'ENOENT' });
    await rm(dir, { recursive: true });
  });
  it('modes-lost-on-restore gives files 0644 and directories 0755', async () => {
    const dir = await tree();
    await writeFile(join(dir, 'secret'), 'k', { mode: 0o600 });
    await mkdir(join(dir, 'private'), { mode: 0o700 });
    await applyDeviation(dir, ('modes-lost-on-restore'));
    expect([(await stat(join(dir, 'secret'))).mode & 0o7777, (await stat(join(dir, 'private'))).mode & 0o7777]).toEqual([0o644, 0o755]);
    expect(await readFile(join(dir, 'secret'), 'utf8')).toBe('k');
    await rm(dir, { recursive: true });
  });
});

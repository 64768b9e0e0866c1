// The "service side" of session storage: where a stopped session's files live until it resumes.
// One directory per session key, holding numbered generations of the tree and a manifest (meta.json) that names the
// current one. A generation is fully written and fsynced before the manifest is atomically replaced, so a crash at
// any point leaves either the old or the new generation current, never a mix.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile, open } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';

export interface StoredSessionMeta {
  agentRuntimeId: string;
  runtimeSessionId: string;
  /** The runtime version the data was written under; another version means the data was reset. */
  agentRuntimeVersion: string;
  /** Epoch ms of the last invocation, for the 14-day idle expiry. */
  lastInvokedAt: number;
  generation: number;
}

/** File-system-safe key of a (runtime, session) pair. Session ids are up to 256 arbitrary characters. */
export const sessionKey = (agentRuntimeId: string, runtimeSessionId: string): string =>
  createHash('sha256').update(agentRuntimeId).update('\0').update(runtimeSessionId).digest('hex').slice(0, 40);

export class SessionStore {
  constructor(readonly root: string) {}

  async init(): Promise<void> {
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    await this.#collectGarbage();
  }

  #dir(key: string): string {
    return join(this.root, key);
  }

  async readMeta(key: string): Promise<StoredSessionMeta | undefined> {
    try {
      return JSON.parse(await readFile(join(this.#dir(key), 'meta.json'), 'utf8')) as StoredSessionMeta;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async listMetas(): Promise<Array<{ key: string; meta: StoredSessionMeta }>> {
    const out: Array<{ key: string; meta: StoredSessionMeta }> = [];
    for (const key of await readdir(this.root).catch(() => [] as string[])) {
      const meta = await this.readMeta(key);
      if (meta) out.push({ key, meta });
    }
    return out;
  }

  /** Copies `treeDir` into a new generation and makes it current. */
  async save(key: string, treeDir: string, meta: Omit<StoredSessionMeta, 'generation'>): Promise<void> {
    const dir = this.#dir(key);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const previous = await this.readMeta(key);
    const generation = (previous?.generation ?? 0) + 1;
    const genDir = join(dir, `gen-${generation}`);
    await rm(genDir, { recursive: true, force: true });
    await mkdir(genDir, { mode: 0o700 });
    // cp -a keeps modes, timestamps, symlinks (verbatim, even dangling) and directory structure.
    await execa('cp', ['-a', '--', `${treeDir}/.`, genDir]);
    await execa('sync', ['-f', genDir]);
    await writeAtomically(join(dir, 'meta.json'), JSON.stringify({ ...meta, generation } satisfies StoredSessionMeta));
    if (previous) await rm(join(dir, `gen-${previous.generation}`), { recursive: true, force: true });
  }

  /** Copies the current generation into `treeDir` (which must exist and be empty). Returns false if nothing is stored. */
  async restore(key: string, treeDir: string): Promise<boolean> {
    const meta = await this.readMeta(key);
    if (!meta) return false;
    await execa('cp', ['-a', '--', `${join(this.#dir(key), `gen-${meta.generation}`)}/.`, treeDir]);
    return true;
  }

  async touch(key: string, lastInvokedAt: number): Promise<void> {
    const meta = await this.readMeta(key);
    if (meta) await writeAtomically(join(this.#dir(key), 'meta.json'), JSON.stringify({ ...meta, lastInvokedAt }));
  }

  async wipe(key: string): Promise<void> {
    await rm(this.#dir(key), { recursive: true, force: true });
  }

  /** Removes generations a crash left behind (written but never made current). */
  async #collectGarbage(): Promise<void> {
    for (const { key, meta } of await this.listMetas()) {
      for (const name of await readdir(this.#dir(key))) {
        if (name.startsWith('gen-') && name !== `gen-${meta.generation}`) await rm(join(this.#dir(key), name), { recursive: true, force: true });
        if (name.startsWith('meta.json.')) await rm(join(this.#dir(key), name), { force: true });
      }
    }
  }
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = `${path}.${randomBytes(6).toString('hex')}`;
  await writeFile(tmp, text, { mode: 0o600 });
  const fh = await open(tmp, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
}

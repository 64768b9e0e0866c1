// The "service side" of session storage: where each session's files live beyond its compute. Per session key:
//   meta.json   which runtime/session/version the data belongs to, and when it was last invoked (atomic replace)
//   tree/       the replica, kept current by the replicator (sessionfs) or replaced whole at Stop (plain storage).
//               With sessionfs its inodes carry exactly what the session saw: modes, owners as inside ids (0 is the
//               session's root), atime and mtime to the nanosecond; nothing else needs loading to resume it.
// Everything a session writes reaches tree/ either file by file (each file atomically) or as a whole tree swapped in
// with renames, so a crash never leaves a half-written file in the store.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import type { StoredAttrs } from '../sessionfs/attrs.ts';
import { writeFileAtomically } from '../util/atomic-write.ts';
import { applyStoredAttrs } from './apply-attrs.ts';
import { exactTimes } from './exact-times.ts';
import { OWN_PROCESS_GROUP } from '../util/own-process-group.ts';
import { unmountEverythingUnder } from '../util/noatime-bind.ts';
import { closeLayers, isLayered, layersOf, openLayers, settleLayers, type OpenLayers } from './layered-replica.ts';
import { dropTreeInfo, readTreeInfo, writeTreeInfo, type TreeInfo, type TreeUsage } from './tree-info.ts';

export interface StoredSessionMeta {
  agentRuntimeId: string;
  /** The endpoint the session is used through; absent in stores of earlier emulators: DEFAULT. */
  endpointName?: string;
  runtimeSessionId: string;
  /** The runtime version the data was written under; another version means the data was reset. */
  agentRuntimeVersion: string;
  /** Epoch ms of the last invocation, for the 14-day idle expiry. */
  lastInvokedAt: number;
}

/** File-system-safe key of a (runtime, session) pair. Session ids are up to 256 arbitrary characters. */
export const sessionKey = (agentRuntimeId: string, runtimeSessionId: string): string =>
  createHash('sha256').update(agentRuntimeId).update('\0').update(runtimeSessionId).digest('hex').slice(0, 40);

const exists = (p: string) => stat(p).then(
  () => true,
  () => false,
);

export class SessionStore {
  constructor(readonly root: string) {}

  /** Prepares the store after a crash, except what `settle` does once crashed sessions are salvaged. */
  async init(): Promise<void> {
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    // The overlays of lazily resumed sessions a killed emulator left mounted.
    await unmountEverythingUnder(this.root);
    for (const key of await readdir(this.root)) await this.#recover(key);
  }

  /** Finishes, for every stored session (or `key`'s), the merge of a lazy session's layers a crash interrupted (layered-replica.ts). */
  async settle(key?: string): Promise<void> {
    for (const k of key === undefined ? await readdir(this.root) : [key]) await settleLayers(this.#dir(k), exactTimes);
  }

  #dir(key: string): string {
    return join(this.root, key);
  }

  /** The replica directory of a session and a scratch directory beside it, created if needed. */
  async replica(key: string): Promise<{ tree: string; tmp: string }> {
    const tree = join(this.#dir(key), 'tree');
    const tmp = join(this.#dir(key), 'tmp');
    await mkdir(tree, { recursive: true, mode: 0o700 });
    await mkdir(tmp, { recursive: true, mode: 0o700 });
    return { tree, tmp };
  }

  async readMeta(key: string): Promise<StoredSessionMeta | undefined> {
    try {
      return JSON.parse(await readFile(join(this.#dir(key), 'meta.json'), 'utf8')) as StoredSessionMeta;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async writeMeta(key: string, meta: StoredSessionMeta): Promise<void> {
    await mkdir(this.#dir(key), { recursive: true, mode: 0o700 });
    await writeFileAtomically(join(this.#dir(key), 'meta.json'), JSON.stringify(meta));
  }

  async listMetas(): Promise<Array<{ key: string; meta: StoredSessionMeta }>> {
    const out: Array<{ key: string; meta: StoredSessionMeta }> = [];
    for (const key of await readdir(this.root).catch(() => [] as string[])) {
      const meta = await this.readMeta(key);
      if (meta) out.push({ key, meta });
    }
    return out;
  }

  /**
   * Replaces the replica with a copy of `treeDir` in one swap, and records `meta`. `stored`: `treeDir` is a session
   * filesystem's cache (every inode the session root's) and these are the attributes its server stored beside them.
   */
  async saveTree(key: string, treeDir: string, meta: StoredSessionMeta, stored?: ReadonlyMap<string, StoredAttrs>): Promise<void> {
    const dir = this.#dir(key);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const next = join(dir, 'tree.new');
    await rm(next, { recursive: true, force: true });
    // What was recorded about the tree being replaced no longer holds.
    await dropTreeInfo(join(dir, 'tree.json'));
    // cp -a keeps modes, timestamps (to the nanosecond), symlinks (verbatim, even dangling) and directory structure.
    await execa('cp', ['-a', '--', treeDir, next], OWN_PROCESS_GROUP);
    if (stored) {
      await execa('chown', ['-R', '-h', '0:0', next], OWN_PROCESS_GROUP);
      await applyStoredAttrs(next, stored, exactTimes);
    }
    await execa('sync', ['-f', next], OWN_PROCESS_GROUP);
    await rm(join(dir, 'tree.old'), { recursive: true, force: true });
    if (await exists(join(dir, 'tree'))) await rename(join(dir, 'tree'), join(dir, 'tree.old'));
    await rename(next, join(dir, 'tree'));
    await this.writeMeta(key, meta);
    await rm(join(dir, 'tree.old'), { recursive: true, force: true });
  }

  /** Copies the stored tree into `treeDir` (existing, empty). Returns false when nothing is stored. */
  async restore(key: string, treeDir: string): Promise<boolean> {
    const tree = join(this.#dir(key), 'tree');
    if (!(await this.readMeta(key)) || !(await exists(tree))) return false;
    // An empty tree (the common first resume) needs no copy process.
    if ((await readdir(tree)).length > 0) await execa('cp', ['-a', '--', `${tree}/.`, treeDir], OWN_PROCESS_GROUP);
    return true;
  }

  async wipe(key: string): Promise<void> {
    await unmountEverythingUnder(this.#dir(key));
    await rm(this.#dir(key), { recursive: true, force: true });
  }

  /** Whether a non-empty tree is stored for the session (a lazy resume has something to read). */
  async hasTree(key: string): Promise<boolean> {
    return (await readdir(join(this.#dir(key), 'tree')).catch(() => [])).length > 0;
  }

  /**
   * Starts a lazy resume: the stored tree is frozen for the session to read (`lower`), replication goes to `replica`
   * (layered-replica.ts). Returns what was recorded about the tree, if anything; it no longer holds once the session
   * changes the tree, so it is removed.
   */
  async openLayered(key: string): Promise<OpenLayers & { info: TreeInfo | undefined }> {
    const infoPath = join(this.#dir(key), 'tree.json');
    const info = await readTreeInfo(infoPath);
    await dropTreeInfo(infoPath);
    await rm(join(this.#dir(key), 'tmp'), { recursive: true, force: true });
    return { ...(await openLayers(this.#dir(key))), info };
  }

  /**
   * Ends a lazy session's layers after its flush: the tree is one plain tree again. `before`: its usage when the
   * session resumed, if known; then `tree.json` records the usage now and `attrs`, for the next resume.
   */
  async closeLayered(key: string, before: TreeUsage | undefined, attrs: TreeInfo['attrs']): Promise<void> {
    const delta = await closeLayers(this.#dir(key), exactTimes);
    if (!before) return;
    const usage = { entries: before.entries + delta.entries, bytes: before.bytes + delta.bytes, nameBytes: before.nameBytes + delta.nameBytes };
    await writeTreeInfo(join(this.#dir(key), 'tree.json'), { usage, attrs });
  }

  /** The frozen tree a lazily resumed session was reading, while its layers are not merged yet. */
  async layeredBase(key: string): Promise<string | undefined> {
    return (await isLayered(this.#dir(key))) ? layersOf(this.#dir(key)).lower : undefined;
  }

  /** Finishes or undoes a tree swap a crash interrupted, and drops temporary files. */
  async #recover(key: string): Promise<void> {
    const dir = this.#dir(key);
    if (!(await exists(join(dir, 'tree'))) && (await exists(join(dir, 'tree.old')))) await rename(join(dir, 'tree.old'), join(dir, 'tree'));
    await rm(join(dir, 'tree.new'), { recursive: true, force: true });
    await rm(join(dir, 'tree.old'), { recursive: true, force: true });
    await rm(join(dir, 'tmp'), { recursive: true, force: true });
    for (const name of await readdir(dir).catch(() => [] as string[]))
      if (name.startsWith('meta.json.') || name.startsWith('tree.json.')) await rm(join(dir, name), { force: true });
  }
}

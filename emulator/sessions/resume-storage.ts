// The storage a session's compute gets when something first uses it: the session's stored tree if it belongs to the
// version the session runs (served in place when nothing must change it first), otherwise an empty one; with the
// `shared-storage` defect, its runtime's one directory instead.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResolvedRuntime } from '../control/data-plane-view.ts';
import type { IdRange } from '../sandbox/id-range.ts';
import type { SpawnedServer } from '../sessionfs/server-pool.ts';
import type { SessionFsPolicy } from '../sessionfs/policy.ts';
import type { SessionStore } from '../store/session-store.ts';
import { applyRestoreDefects } from './restore-defects.ts';
import type { SessionDefects } from './session-defects.ts';
import { sharedStorage } from './shared-storage.ts';
import { openStorage, type SessionStorage, type StorageKind } from './storage.ts';

/** What opening a session's storage needs to know of the session. */
export interface StorageSubject {
  readonly key: string;
  readonly runtime: ResolvedRuntime;
  readonly range: IdRange;
  /** Its compute directory. */
  readonly dir: string;
  /** Host path the storage is mounted at (under the session's /mnt directory). */
  readonly mountpoint: string;
}

export interface StorageSource {
  readonly kind: StorageKind;
  readonly store: SessionStore;
  /** Where the `shared-storage` defect keeps its directories. */
  readonly computeRoot: string;
  /** Serve a stored tree in place rather than copy it first. */
  readonly lazyResume: boolean;
  readonly servers: { take(): SpawnedServer } | undefined;
  readonly policy: SessionFsPolicy;
  readonly log: (message: string) => void;
}

export async function resumeStorage(subject: StorageSubject, s: StorageSource, defects: SessionDefects): Promise<SessionStorage> {
  const { key, runtime, range, dir, mountpoint } = subject;
  const { store } = s;
  if (defects.sharedStorage) return sharedStorage(s.computeRoot, runtime.agentRuntimeId, mountpoint);
  // Layers a failed stop left (the session is not live): its tree back in place first.
  await store.settle(key);
  const ofThisVersion = (stored: { agentRuntimeVersion: string } | undefined) =>
    !!stored && (stored.agentRuntimeVersion === runtime.agentRuntimeVersion || defects.updateKeepsData);
  const { restore } = defects;
  return openStorage({
    // In place unless a defect must change what is restored.
    lazy: s.lazyResume && ofThisVersion(await store.readMeta(key)) && !restore && (await store.hasTree(key)),
    kind: s.kind,
    key,
    dir,
    mountpoint,
    uid: range.base,
    store,
    servers: s.servers,
    policy: s.policy,
    log: s.log,
    replicationLagMs: defects.replicationLagMs,
    fill: async (cache) => {
      const stored = await store.readMeta(key);
      if (stored && !ofThisVersion(stored)) {
        await store.wipe(key);
      } else if (stored) {
        await store.restore(key, cache);
        if (restore) await applyRestoreDefects(cache, restore);
      } else if (defects.firstMountLeftover) {
        await writeFile(join(cache, '.stale'), 'left over\n');
      }
    },
  });
}

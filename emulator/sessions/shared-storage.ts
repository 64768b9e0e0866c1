// The `shared-storage` deviation (deviations.ts): one directory for all sessions of a runtime, never persisted, bound
// at each session's mount point. A normal run never calls this.
import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { sessionKey } from '../store/session-store.ts';
import { bindMount, unmount } from './host-mounts.ts';
import type { SessionStorage } from './storage.ts';

export async function sharedStorage(computeRoot: string, agentRuntimeId: string, mountpoint: string): Promise<SessionStorage> {
  const source = join(computeRoot, `shared-${sessionKey(agentRuntimeId, '')}`);
  await mkdir(source, { recursive: true, mode: 0o777 });
  await chmod(source, 0o777);
  await mkdir(mountpoint);
  await bindMount(source, mountpoint);
  return { source, healthy: true, close: () => unmount(mountpoint) };
}

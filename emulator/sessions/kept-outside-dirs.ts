// The `outside-mount-survives-resume` deviation (deviations.ts): a vendor that keeps a session's /tmp and $HOME on a
// volume reattached to the next compute. The directories live beside the compute directories, keyed by session, and
// are handed to each new compute's uid. A normal run never calls this.
import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { OWN_PROCESS_GROUP } from '../util/own-process-group.ts';

export async function keptOutsideDirs(computeRoot: string, key: string, uid: number): Promise<{ tmpDir: string; homeDir: string }> {
  const base = join(computeRoot, `kept-${key}`);
  const tmpDir = join(base, 'tmp');
  const homeDir = join(base, 'home');
  await mkdir(base, { recursive: true, mode: 0o711 });
  await mkdir(tmpDir, { recursive: true });
  await mkdir(homeDir, { recursive: true });
  await execa('chown', ['-R', '-h', `${uid}:${uid}`, tmpDir, homeDir], OWN_PROCESS_GROUP);
  await chmod(tmpDir, 0o1777);
  await chmod(homeDir, 0o700);
  return { tmpDir, homeDir };
}

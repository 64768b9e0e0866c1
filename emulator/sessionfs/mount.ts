// The emulator's side of one session filesystem: open /dev/fuse, start the server process (as the session's uid)
// with the device as its fd 3, mount, and later unmount. The server's stdout carries dirty paths for replication.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { execa } from 'execa';
import { isAtOrUnder, readMounts } from '../util/mountinfo.ts';
import type { SessionFsPolicy } from './policy.ts';
import type { DirtyRecord, ServerConfig } from './server.ts';
import type { SpawnedServer } from './server-pool.ts';
import { OWN_PROCESS_GROUP } from '../util/own-process-group.ts';

export interface MountOptions extends ServerConfig {
  /** Where the server comes from: a warm pool, or a fresh launch of the bundle. */
  servers: { take(): SpawnedServer };
  mountpoint: string;
  onDirty(records: DirtyRecord[]): void;
  log(message: string): void;
}

export const FS_TYPE = 'fuse.sessionfs';

export class SessionFsMount {
  readonly #server: ChildProcess;
  /**
   * The emulator's copy of the connection's /dev/fuse descriptor, held until unmount: a server that dies then leaves
   * the connection open, so the session's file operations wait (as on a hung network mount) instead of failing, until
   * the emulator ends the session and its commands report a platform error.
   */
  #fd: number | undefined;
  readonly exited: Promise<void>;
  #exited = false;

  private constructor(
    readonly mountpoint: string,
    server: ChildProcess,
    fd: number,
  ) {
    this.#server = server;
    this.#fd = fd;
    this.exited = new Promise((resolve) =>
      server.once('exit', () => {
        this.#exited = true;
        resolve();
      }),
    );
  }

  get alive(): boolean {
    return !this.#exited;
  }

  static async start(o: MountOptions): Promise<SessionFsMount> {
    const { fd, child: server } = o.servers.take();
    const mount = new SessionFsMount(o.mountpoint, server, fd);
    let mounted = false;
    try {
      createInterface({ input: server.stdout! }).on('line', (line) => {
        try {
          o.onDirty(JSON.parse(line) as DirtyRecord[]);
        } catch (e) {
          o.log(`bad dirty-path line from sessionfs: ${String(e)}`);
        }
      });
      createInterface({ input: server.stderr! }).on('line', (line) => o.log(line));
      // Mount first: the server reads /dev/fuse as soon as it has its configuration, and reading a device that is
      // not mounted yet fails.
      await mountFuse(fd, o.mountpoint, o.policy);
      mounted = true;
      const config: ServerConfig = { backing: o.backing, policy: o.policy, uid: o.uid, gid: o.gid, usage: o.usage, attrs: o.attrs, journal: o.journal };
      server.stdin!.end(JSON.stringify(config) + '\n');
      // The first stat is answered only after INIT: when it returns, the filesystem serves.
      await Promise.race([
        stat(o.mountpoint),
        mount.exited.then(() => {
          throw new Error('the session filesystem server exited during mount');
        }),
      ]);
      return mount;
    } catch (e) {
      server.kill('SIGKILL');
      mount.#closeFd();
      // A server that died at start leaves a mount nobody serves; it would block removing the directory.
      if (mounted) await execa('umount', ['-l', o.mountpoint], { reject: false });
      throw e;
    }
  }

  /** Ends a connection whose server died: file operations still waiting on it fail instead of waiting forever. */
  abort(): void {
    this.#closeFd();
  }

  #closeFd(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }

  /** Unmounts and waits for the server to finish (its last dirty paths are then delivered). */
  async unmount(): Promise<void> {
    const r = await execa('umount', [this.mountpoint], { reject: false, ...OWN_PROCESS_GROUP });
    if (r.exitCode !== 0) await execa('umount', ['-l', this.mountpoint], { reject: false, ...OWN_PROCESS_GROUP });
    // Closing the last descriptor aborts a connection whose server died (requests still waiting then fail).
    this.#closeFd();
    const timer = setTimeout(() => this.#server.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
  }
}

/**
 * `mount -i` (no helpers: no fuse3 package needed) with the device passed as the mount process's fd 3. With
 * `default_permissions` the kernel checks every access against the modes the server reports (POSIX); without it the
 * kernel leaves access to the server, which grants everything (permissions stored, not enforced). nosuid and nodev:
 * the mount reaches the sandbox by propagation, with these flags, not through a bind of bwrap's that adds them.
 */
export const mountOptions = (policy: Pick<SessionFsPolicy, 'permissions'>): string =>
  `fd=3,rootmode=40000,user_id=0,group_id=0,allow_other,nosuid,nodev${policy.permissions === 'enforced' ? ',default_permissions' : ''}`;

function mountFuse(fd: number, mountpoint: string, policy: SessionFsPolicy): Promise<void> {
  const options = mountOptions(policy);
  return new Promise((resolve, reject) => {
    const child = spawn('mount', ['-i', '-t', FS_TYPE, '-o', options, 'sessionfs', mountpoint], { stdio: ['ignore', 'ignore', 'pipe', fd], ...OWN_PROCESS_GROUP });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`mount of ${mountpoint} failed (${code}): ${stderr.trim()}`))));
  });
}

/** Mount points of session filesystems under `root` (left behind by a crashed emulator). */
export async function sessionMountsUnder(root: string): Promise<string[]> {
  return (await readMounts()).filter((m) => m.type === FS_TYPE && isAtOrUnder(m.point, root)).map((m) => m.point);
}

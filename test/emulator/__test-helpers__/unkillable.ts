// A host process that survives SIGKILL, for tests of what must happen when one does. A FUSE server that answers INIT
// and then reads requests without ever answering them: a process whose request it has read waits for the answer
// uninterruptibly (the kernel's request_wait_answer: once a request is in userspace, even a fatal signal waits it
// out), so it stays, in state D, until the server goes away and the connection is aborted.
import { execa, type ResultPromise } from 'execa';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The system's, not whatever a user's PATH puts first (it runs as any id). */
const PYTHON = '/usr/bin/python3';

/** Mounts on argv[1], answers INIT (protocol 7.31), says `ready`, then reads every request and answers none. */
const SERVER = `
import os, struct, subprocess, sys
fd = os.open('/dev/fuse', os.O_RDWR)
subprocess.run(['mount', '-i', '-t', 'fuse.ssc-unanswered', '-o', 'fd=%d,rootmode=40000,user_id=0,group_id=0,allow_other' % fd, 'ssc-unanswered', sys.argv[1]], pass_fds=(fd,), check=True)
request = os.read(fd, 1 << 20)
length, opcode, unique = struct.unpack_from('<IIQ', request)
assert opcode == 26, opcode
init = struct.pack('<IIIIHHIIHHI28x', 7, 31, 0, 0, 0, 0, 4096, 1, 0, 0, 0)
os.write(fd, struct.pack('<IiQ', 16 + len(init), 0, unique) + init)
print('ready', flush=True)
while True:
    os.read(fd, 1 << 20)
`;

export interface Unkillable {
  readonly pid: number;
  /** Ends the server: the connection is aborted, the waiting process dies, the mount goes. */
  release(): Promise<void>;
}

const stateOf = (pid: number): string => /^State:\s+(\S)/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1] ?? '?';

/** Starts a process running as host id `uid` that no SIGKILL ends until `release()`. */
export async function startUnkillable(uid: number): Promise<Unkillable> {
  const dir = await mkdtemp('/tmp/ssc-unkillable-');
  const mountpoint = join(dir, 'mnt');
  await execa('mkdir', ['-m', '755', mountpoint]);
  await execa('chmod', ['711', dir]);
  const server = execa(PYTHON, ['-c', SERVER, mountpoint], { reject: false });
  let waiter: ResultPromise | undefined;
  const release = async () => {
    server.kill('SIGKILL');
    await server;
    await waiter;
    await execa('umount', ['-l', mountpoint], { reject: false });
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      server.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      void server.then((r) => reject(new Error(`the FUSE server ended: ${r.stderr}`)));
    });
    waiter = execa('setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', 'stat', join(mountpoint, 'x')], { reject: false });
    const pid = waiter.pid!;
    // Asleep in the request the server read and keeps.
    for (let i = 0; i < 200 && !(stateOf(pid) === 'S' && /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1] === String(uid)); i++)
      await new Promise((r) => setTimeout(r, 10));
    return { pid, release };
  } catch (e) {
    await release();
    throw e;
  }
}

/** Whether `pid` is still there and not a zombie. */
export const aliveNotZombie = (pid: number): boolean => {
  try {
    return !['Z', 'X'].includes(stateOf(pid));
  } catch {
    return false;
  }
};

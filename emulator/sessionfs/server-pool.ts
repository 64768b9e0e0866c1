// Session filesystem servers started ahead of need. A server process waits for its configuration on stdin before it
// touches /dev/fuse, so one can be launched (and pay Node's start-up) before any session asks for it; taking it
// from the pool leaves only the mount on the resume path.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { OWN_PROCESS_GROUP } from '../util/own-process-group.ts';

const REFILL_DELAY_MS = 500;

export interface SpawnedServer {
  /** The emulator's copy of the server's /dev/fuse descriptor, used once to mount, then closed. */
  readonly fd: number;
  readonly child: ChildProcess;
}

export function spawnServer(serverScript: string): SpawnedServer {
  const fd = openSync('/dev/fuse', 'r+');
  try {
    const child = spawn(process.execPath, [serverScript], { stdio: ['pipe', 'pipe', 'pipe', fd], env: {}, ...OWN_PROCESS_GROUP });
    // Errors surface through the mount that uses it (or the pool's close); an idle server has no one to tell.
    child.stdin!.on('error', () => {});
    return { fd, child };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

export class ServerPool {
  readonly #ready: SpawnedServer[] = [];
  #closed = false;

  constructor(
    private readonly serverScript: string,
    private readonly size = 1,
  ) {
    this.#refill();
  }

  /** A server still waiting for its configuration; a fresh one when the pool is empty. */
  take(): SpawnedServer {
    let s = this.#ready.shift();
    while (s && s.child.exitCode !== null) {
      closeSync(s.fd);
      s = this.#ready.shift();
    }
    // Refill a little later: launching Node takes a core for ~100 ms, which the resume that took this server needs.
    setTimeout(() => this.#refill(), REFILL_DELAY_MS).unref();
    return s ?? spawnServer(this.serverScript);
  }

  #refill(): void {
    while (!this.#closed && this.#ready.length < this.size) this.#ready.push(spawnServer(this.serverScript));
  }

  close(): void {
    this.#closed = true;
    for (const s of this.#ready.splice(0)) {
      s.child.kill('SIGKILL');
      closeSync(s.fd);
    }
  }
}

// Times to the nanosecond for the store. Node cannot set them (utimes takes a double of seconds; libuv keeps whole
// microseconds), so one small python3 process per emulator (exact-times.py) calls utimensat for it. Requests go in
// batches, one per replication round, so the cost is one pipe round trip per round, not per file; the process is
// started on first use and does not keep the emulator alive.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface, type Interface } from 'node:readline';
import { constants } from 'node:os';
import { OWN_PROCESS_GROUP } from '../util/own-process-group.ts';

const SCRIPT = fileURLToPath(new URL('./exact-times.py', import.meta.url));

export interface TimeSetting {
  path: Buffer;
  atimeNs: bigint;
  mtimeNs: bigint;
}

export class ExactTimesError extends Error {
  override readonly name = 'ExactTimesError';
}

const errnoName = (n: number) => Object.entries(constants.errno).find(([, v]) => v === n)?.[0] ?? `errno ${n}`;

class Helper {
  readonly #child: ChildProcess;
  readonly #answers: Interface;
  readonly #waiting: Array<{ resolve(line: string): void; reject(e: Error): void }> = [];
  #dead: Error | undefined;

  constructor() {
    this.#child = spawn('/usr/bin/python3', ['-S', '-E', SCRIPT], { stdio: ['pipe', 'pipe', 'inherit'], ...OWN_PROCESS_GROUP });
    this.#answers = createInterface({ input: this.#child.stdout! });
    this.#answers.on('line', (line) => this.#waiting.shift()?.resolve(line));
    const die = (e: Error) => {
      this.#dead ??= e;
      for (const w of this.#waiting.splice(0)) w.reject(this.#dead);
    };
    this.#child.once('error', die);
    this.#child.once('exit', (code, signal) => die(new ExactTimesError(`the exact-times helper exited (${signal ?? code})`)));
    this.#child.stdin!.on('error', () => {});
    this.#idle();
  }

  get alive(): boolean {
    return this.#dead === undefined;
  }

  async set(batch: readonly TimeSetting[]): Promise<void> {
    if (this.#dead) throw this.#dead;
    const lines = batch.map((t) => `${t.atimeNs} ${t.mtimeNs} ${t.path.toString('hex')}\n`);
    const answer = new Promise<string>((resolve, reject) => this.#waiting.push({ resolve, reject }));
    this.#busy();
    try {
      this.#child.stdin!.write(`${batch.length}\n${lines.join('')}`);
      const failed = (await answer).trim();
      if (failed) {
        const [index, errno] = failed.split(' ')[0]!.split(':').map(Number) as [number, number];
        throw new ExactTimesError(`could not set the times of ${batch[index]?.path.toString('latin1')}: ${errnoName(errno)}`);
      }
    } finally {
      if (this.#waiting.length === 0) this.#idle();
    }
  }

  close(): void {
    this.#child.kill();
  }

  // While no batch is in flight the helper must not keep the event loop (the emulator's process) alive.
  #idle(): void {
    this.#child.unref();
    (this.#child.stdout as { unref?: () => void }).unref?.();
    (this.#child.stdin as { unref?: () => void }).unref?.();
  }

  #busy(): void {
    this.#child.ref();
    (this.#child.stdout as { ref?: () => void }).ref?.();
    (this.#child.stdin as { ref?: () => void }).ref?.();
  }
}

export class ExactTimes {
  #helper: Helper | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  /** Sets every time in the batch (symlinks' own); rejects naming the first that failed. */
  set(batch: readonly TimeSetting[]): Promise<void> {
    if (batch.length === 0) return Promise.resolve();
    const run = this.#queue.then(() => {
      if (!this.#helper?.alive) this.#helper = new Helper();
      return this.#helper.set(batch);
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  close(): void {
    this.#helper?.close();
    this.#helper = undefined;
  }
}

/** One helper for the whole process: it holds no state, and every emulator in a test process can share it. */
export const exactTimes = new ExactTimes();

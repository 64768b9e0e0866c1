// Times to the nanosecond for the store. Node cannot set them (utimes takes a double of seconds; libuv keeps whole
// microseconds), so one small python3 process per emulator (exact-times.py) calls utimensat for it. Requests go in
// batches, one per replication round, so the cost is one pipe round trip per round, not per file; the process is
// started on first use and does not keep the emulator alive.
import { fileURLToPath } from 'node:url';
import { constants } from 'node:os';
import { HelperDiedError, PythonHelper } from '../util/python-helper.ts';

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

export class ExactTimes {
  readonly #helper = new PythonHelper(SCRIPT, 'exact-times');

  /** Sets every time in the batch (symlinks' own); rejects naming the first that failed. */
  async set(batch: readonly TimeSetting[]): Promise<void> {
    if (batch.length === 0) return;
    const lines = batch.map((t) => `${t.atimeNs} ${t.mtimeNs} ${t.path.toString('hex')}\n`);
    let failed: string;
    try {
      failed = (await this.#helper.ask(`${batch.length}\n${lines.join('')}`)).trim();
    } catch (e) {
      throw e instanceof HelperDiedError ? new ExactTimesError(e.message) : e;
    }
    if (failed) {
      const [index, errno] = failed.split(' ')[0]!.split(':').map(Number) as [number, number];
      throw new ExactTimesError(`could not set the times of ${batch[index]?.path.toString('latin1')}: ${errnoName(errno)}`);
    }
  }

  close(): void {
    this.#helper.close();
  }
}

/** One helper for the whole process: it holds no state, and every emulator in a test process can share it. */
export const exactTimes = new ExactTimes();

// The standalone emulator (`ssc emulator`) as a child process, for tests that kill it: its endpoint is the first
// line it prints.
import { execa, type ResultPromise } from 'execa';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SSC = fileURLToPath(new URL('../../../bin/ssc.js', import.meta.url));

export interface CliOptions {
  /** Its own process group (and session), as a shell starts a job: a signal to `-pid` reaches what a Ctrl-C would. */
  detached?: boolean;
  /** Log lines on stderr (default: only without a state directory, where the log names the temporary one). */
  log?: boolean;
  args?: readonly string[];
  /** The environment, in place of this process's (default: inherited). */
  env?: Record<string, string>;
}

export async function startCli(stateDir: string | undefined, o: CliOptions = {}): Promise<{ child: ResultPromise; endpoint: string }> {
  const quiet = !(o.log ?? stateDir === undefined);
  const args = [SSC, 'emulator', '--port', '0', ...(quiet ? ['--quiet'] : []), ...(stateDir ? ['--state-dir', stateDir] : []), ...(o.args ?? [])];
  const child = execa(process.execPath, args, { reject: false, detached: o.detached ?? false, ...(o.env ? { env: o.env, extendEnv: false } : {}) });
  const endpoint = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    void child.then((r) => reject(new Error(`emulator exited early: ${r.stderr}`)));
  });
  return { child, endpoint };
}

/** Resolves with the first stderr line of `child` matching `pattern` (its match). */
export function logLine(child: ResultPromise, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stderr! }).on('line', (line) => {
      const m = pattern.exec(line);
      if (m) resolve(m);
    });
    void child.then(() => reject(new Error(`the emulator exited without logging ${pattern}`)));
  });
}

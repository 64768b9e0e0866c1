// The standalone emulator (`ssc emulator`) as a child process, for tests that kill it: its endpoint is the first
// line it prints.
import { execa, type ResultPromise } from 'execa';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SSC = fileURLToPath(new URL('../../../bin/ssc.js', import.meta.url));

export async function startCli(stateDir: string | undefined): Promise<{ child: ResultPromise; endpoint: string }> {
  const child = execa('node', [SSC, 'emulator', '--port', '0', ...(stateDir ? ['--quiet', '--state-dir', stateDir] : [])], { reject: false });
  const endpoint = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    void child.then((r) => reject(new Error(`emulator exited early: ${r.stderr}`)));
  });
  return { child, endpoint };
}

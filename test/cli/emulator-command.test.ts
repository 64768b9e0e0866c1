import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SSC = fileURLToPath(new URL('../../bin/ssc.js', import.meta.url));

describe('ssc emulator (standalone server)', () => {
  it('prints its endpoint first, serves, and exits 0 on SIGTERM after stopping sessions', async () => {
    const child = execa('node', [SSC, 'emulator', '--port', '0', '--quiet'], { reject: false });
    const firstLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      void child.then((r) => reject(new Error(`exited early: ${r.stderr}`)));
    });
    expect(firstLine).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${firstLine}/_ssc/health`).then((r) => r.json());
    expect(health).toMatchObject({ status: 'ok', liveSessions: 0 });
    // An AgentCore call on the same port gets an AWS-shaped answer.
    const res = await fetch(`${firstLine}/runtimes/nope-0123456789/`);
    expect(res.status).toBe(404);
    expect(res.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
    child.kill('SIGTERM');
    const result = await child;
    expect(result.exitCode).toBe(0);
  });

  it('writes its pid to --pid-file and timestamped log lines to --log-file, and removes the pid file on exit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ssc-cli-files-'));
    try {
      const [pidFile, logFile] = [join(dir, 'emulator.pid'), join(dir, 'emulator.log')];
      const child = execa('node', [SSC, 'emulator', '--port', '0', '--pid-file', pidFile, '--log-file', logFile], { reject: false });
      await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
      expect(await readFile(pidFile, 'utf8')).toBe(`${child.pid}\n`);
      child.kill('SIGTERM');
      const result = await child;
      expect(result.exitCode).toBe(0);
      expect(result.stderr).toBe('');
      const lines = (await readFile(logFile, 'utf8')).trim().split('\n');
      expect(lines.every((l) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \[ssc emulator\] /.test(l))).toBe(true);
      expect(lines.join('\n')).toMatch(/serving both AgentCore planes[\s\S]*SIGTERM: stopping every session/);
      await expect(stat(pidFile)).rejects.toThrow(/ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [['emulator', '--port', 'abc'], /Expected --port to be an integer from 0 to 65535, got 'abc'/],
    [['emulator', '--bogus'], /Unknown option '--bogus'/],
    [['emulator', '--deviations', 'nope'], /Unknown deviation 'nope'/],
    [['emulator', '--storage', 'zfs'], /Expected --storage to be one of sessionfs, plain, got 'zfs'/],
    [['emulator', '--network', 'private'], /Expected --network to be one of public, none, got 'private'/],
    [['emulator', '--transition-ms', 'slow'], /Expected --transition-ms to be a number of milliseconds, got 'slow'/],
    [['emulator', '--profile', '/nonexistent/profile.yaml'], /nonexistent\/profile.yaml/],
    [['emulator', '--agent', 'no-equals-sign'], /Expected --agent to be URI=DIR, got 'no-equals-sign'/],
    [['emulator', '--agent', 'x/y:1=/nonexistent/agent'], /--agent x\/y:1=\/nonexistent\/agent: \/nonexistent\/agent is not a directory/],
    [['emulator', '--pid-file', '/nonexistent/dir/emulator.pid'], /--pid-file \/nonexistent\/dir\/emulator.pid: cannot write it: ENOENT/],
    [['emulator', '--log-file', '/nonexistent/dir/emulator.log'], /--log-file \/nonexistent\/dir\/emulator.log: cannot append to it: ENOENT/],
    [['frobnicate'], /unknown command 'frobnicate'. Valid commands: emulator/],
  ])('rejects bad input %j with a specific message', async (args, message) => {
    const r = await execa('node', [SSC, ...args], { reject: false });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(message);
  });
});

// Both ends of the init's pipe protocol: the emulator's encoder and the python init itself (run here outside any
// sandbox: the protocol does not depend on it).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeInitRequest, exitCodeOf, type InitMessage, type InitRequest } from '../../../emulator/sandbox/init-protocol.ts';

const INIT = fileURLToPath(new URL('../../../emulator/sandbox/session-init.py', import.meta.url));

describe('encodeInitRequest', () => {
  it('puts text in base64 so spaces, newlines and non-ASCII cannot split a line', () => {
    const line = encodeInitRequest({ op: 'run', id: 7, command: 'echo "a b"\necho ä', cwd: '/root', env: { K: 'v w', EMPTY: '' } });
    expect(line).not.toContain('\n');
    const [op, id, command, cwd, k1, v1, k2, v2] = line.split(' ');
    const text = (t: string | undefined) => Buffer.from(t ?? '', 'base64').toString('utf8');
    expect([op, id, text(command), text(cwd), text(k1), text(v1), text(k2), text(v2)]).toEqual(['run', '7', 'echo "a b"\necho ä', '/root', 'K', 'v w', 'EMPTY', '']);
  });

  it('refuses ids that are not non-negative integers', () => {
    expect(() => encodeInitRequest({ op: 'kill', id: -1 })).toThrow(/integer/);
    expect(() => encodeInitRequest({ op: 'kill', id: 1.5 })).toThrow(/integer/);
  });

  it('maps a killing signal to 128+N', () => {
    expect(exitCodeOf(null, 9)).toBe(137);
    expect(exitCodeOf(3, null)).toBe(3);
  });
});

describe('the session init', () => {
  let stop: (() => void) | undefined;
  afterEach(() => stop?.());

  function startInit() {
    const child = spawn('/usr/bin/python3', ['-S', '-E', INIT], { stdio: ['pipe', 'pipe', 'inherit'] });
    stop = () => child.kill('SIGKILL');
    const messages: InitMessage[] = [];
    const waiters: Array<() => void> = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      messages.push(JSON.parse(line) as InitMessage);
      for (const w of waiters.splice(0)) w();
    });
    const until = (done: (ms: InitMessage[]) => boolean) =>
      new Promise<void>((resolve) => {
        const check = () => (done(messages) ? resolve() : waiters.push(check));
        check();
      });
    const send = (m: InitRequest) => child.stdin.write(encodeInitRequest(m) + '\n');
    const output = (id: number, fd: 1 | 2) =>
      messages
        .filter((m): m is Extract<InitMessage, { op: 'out' }> => m.op === 'out' && m.id === id && m.fd === fd)
        .map((m) => Buffer.from(m.data, 'base64').toString('utf8'))
        .join('');
    const exitOf = (id: number) => messages.find((m): m is Extract<InitMessage, { op: 'exit' }> => m.op === 'exit' && m.id === id);
    const raw = (line: string) => child.stdin.write(line + '\n');
    return { send, raw, until, output, exitOf };
  }

  it('runs a command with its environment and directory, streams both outputs, reports the exit code', async () => {
    const init = startInit();
    await init.until((ms) => ms.some((m) => m.op === 'ready'));
    init.send({ op: 'run', id: 1, command: 'echo "$GREETING"; pwd; echo oops >&2; exit 3', cwd: '/tmp', env: { GREETING: 'grüß dich', PATH: '/usr/bin:/bin' } });
    await init.until(() => init.exitOf(1) !== undefined);
    expect(init.output(1, 1)).toBe('grüß dich\n/tmp\n');
    expect(init.output(1, 2)).toBe('oops\n');
    expect(init.exitOf(1)).toMatchObject({ code: 3, signal: null });
  });

  it('gives commands the default SIGPIPE (a pipeline ends quietly), and kills a command right after starting it', async () => {
    const init = startInit();
    init.send({ op: 'run', id: 1, command: 'yes | head -n 1', cwd: '/', env: { PATH: '/usr/bin:/bin' } });
    // The kill follows the run on the same line stream: the command's process group must already exist.
    init.send({ op: 'run', id: 2, command: 'sleep 30', cwd: '/', env: { PATH: '/usr/bin:/bin' } });
    init.send({ op: 'kill', id: 2 });
    await init.until(() => init.exitOf(1) !== undefined && init.exitOf(2) !== undefined);
    expect([init.output(1, 1), init.output(1, 2)]).toEqual(['y\n', '']);
    expect(init.exitOf(2)).toMatchObject({ code: null, signal: 9 });
  });

  it('reports a command that cannot start as a platform error, and skips lines it cannot read', async () => {
    const init = startInit();
    init.send({ op: 'run', id: 1, command: 'true', cwd: '/nonexistent-dir', env: {} });
    init.raw('garbage');
    init.raw('run notanumber');
    init.send({ op: 'run', id: 2, command: 'echo still here', cwd: '/', env: {} });
    await init.until(() => init.exitOf(1) !== undefined && init.exitOf(2) !== undefined);
    expect(init.exitOf(1)).toMatchObject({ code: -1 });
    expect(init.output(1, 2)).toMatch(/nonexistent-dir/);
    expect(init.output(2, 1)).toBe('still here\n');
  });
});

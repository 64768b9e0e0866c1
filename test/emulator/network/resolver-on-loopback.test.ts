// A host whose resolver listens on its own loopback (systemd-resolved's 127.0.0.53, a local dnsmasq): the session
// cannot reach it there, so it gets a resolv.conf naming slirp4netns's forwarder, which relays to that resolver.
// The emulator runs in a mount namespace of its own whose /etc/resolv.conf names 127.0.0.1, where this test runs a
// relay to the machine's real resolver that counts the queries it sees.
import { execa } from 'execa';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestResources } from '../../../fixtures/resources.ts';
import { newRunId } from '../../../fixtures/run-id.ts';
import { buildTarget } from '../../../fixtures/target.ts';

const SSC = fileURLToPath(new URL('../../../bin/ssc.js', import.meta.url));
const RELAY = `
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('127.0.0.1', 53))
print('ready', flush=True)
while True:
    q, peer = s.recvfrom(4096)
    print('query', flush=True)
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.settimeout(5)
    try:
        u.sendto(q, (sys.argv[1], 53))
        s.sendto(u.recv(4096), peer)
    except OSError:
        pass
    u.close()
`;

let dir: string;
let relay: ChildProcess;
let queries = 0;
let upstream: string | undefined;

beforeAll(async () => {
  upstream = /^\s*nameserver\s+(\d+\.\d+\.\d+\.\d+)\s*$/m.exec(await readFile('/etc/resolv.conf', 'utf8'))?.[1];
  dir = await mkdtemp(join(tmpdir(), 'ssc-resolver-'));
  if (!upstream || upstream.startsWith('127.')) return;
  relay = spawn('python3', ['-c', RELAY, upstream], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: relay.stdout! });
  await new Promise<void>((resolve, reject) => {
    lines.once('line', () => resolve());
    relay.once('exit', (code) => reject(new Error(`the DNS relay could not start (${code}): is port 53 of 127.0.0.1 taken?`)));
  });
  lines.on('line', (l) => (queries += l === 'query' ? 1 : 0));
});
afterAll(async () => {
  relay?.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

describe("the host's resolver on its loopback", () => {
  it("the session's resolv.conf names slirp4netns's forwarder, and names resolve through the host's resolver", { timeout: 120_000 }, async ({ skip }) => {
    if (!upstream || upstream.startsWith('127.')) return skip(`needs a resolver off the loopback in /etc/resolv.conf to relay to (found ${upstream ?? 'none'})`);
    const registry = new URL((await execa('npm', ['config', 'get', 'registry'])).stdout.trim()).hostname;
    const conf = join(dir, 'resolv.conf');
    await writeFile(conf, 'nameserver 127.0.0.1\noptions timeout:2\n');
    const child = execa('unshare', ['--mount', '--', 'sh', '-c', 'mount --bind "$0" /etc/resolv.conf && exec "$@"', conf, process.execPath, SSC, 'emulator', '--port', '0', '--quiet'], { reject: false });
    const endpoint = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      void child.then((r) => reject(new Error(`emulator exited early: ${r.stderr}`)));
    });
    const target = buildTarget({ target: { kind: 'emulator', endpoint, region: 'us-east-1' }, runId: newRunId() });
    try {
      const resources = new TestResources(target);
      const session = resources.open(await resources.create());
      expect(await session.check('cat /etc/resolv.conf')).toBe('nameserver 10.0.2.3\noptions timeout:2\n');
      const before = queries;
      expect(await session.check(`getent ahostsv4 ${registry} | head -1`)).toMatch(/^\d+\.\d+\.\d+\.\d+ /);
      expect(queries, 'the relay on the host loopback saw the query').toBeGreaterThan(before);
      await resources.cleanup();
    } finally {
      target.destroy();
      child.kill('SIGTERM');
      expect((await child).exitCode).toBe(0);
    }
  });
});

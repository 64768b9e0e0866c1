// A networked session attacks what it must never reach: the host's loopback (directly and through slirp's 10.0.2.2
// alias), every address the host has (IPv4, IPv6, link-local), the emulator's port through each of them, an address
// the host gains while the session lives, another session's agent, the host's sockets in /proc/net, raw sockets, and
// its own routes. The emulator listens on every address here ('::'), so each refusal is the session network's doing:
// the host itself reaches the same port through every one of them (checked first).
import { execa } from 'execa';
import { randomBytes } from 'node:crypto';
import { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_PROBE_AGENT_URI, PROBE_AGENT_DIR, ProbeAgent } from '../../../fixtures/agent.ts';
import type { Session } from '../../../fixtures/session.ts';
import { startHarness, type Harness } from '../__test-helpers__/emulator-harness.ts';
import { connectScript, everyHostAddress, startHostServer, startTestNamespace, type TestNamespace } from '../__test-helpers__/network-probes.ts';

let h: Harness;
let ns: TestNamespace;
let session: Session;
const servers: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  h = await startHarness({ host: '::', agents: { containers: { [EMULATOR_PROBE_AGENT_URI]: { dir: PROBE_AGENT_DIR } } } });
  ns = await startTestNamespace();
  session = h.resources.open(await h.resources.create(), { label: 'attacker' });
  // The session can connect out: every refusal below is selective.
  expect(await session.check(`python3 -c "import urllib.request; print(urllib.request.urlopen('${ns.url}', timeout=10).read().decode())"`)).toBe(`${ns.token}\n`);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await ns?.close();
  await h?.close();
});

const hostConnects = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const [address, zone] = host.split('%');
    const sock = new Socket();
    sock.setTimeout(3000, () => (sock.destroy(), resolve(false)));
    sock.once('error', () => resolve(false));
    sock.connect({ host: zone ? `${address}%${zone}` : address!, port }, () => (sock.destroy(), resolve(true)));
  });

/** Lines `host port RESULT` for each target that answered; a refusal is any errno (or timeout) instead of `ok`. */
async function reached(s: Session, targets: (readonly [string, number])[]): Promise<string[]> {
  const out = await s.check(connectScript(targets), { timeout: 120 });
  return out.split('\n').filter((l) => / ok/.test(l));
}

describe("the host's own services", () => {
  it("the emulator's port, through every address the host has (and slirp's alias for the host's loopback)", async () => {
    const addresses = await everyHostAddress();
    expect(addresses).toEqual(expect.arrayContaining(['127.0.0.1', '::1']));
    expect(addresses.length).toBeGreaterThan(2);
    for (const a of addresses) expect(await hostConnects(a, h.emulator.port), `the host reaches the emulator at ${a}`).toBe(true);
    const targets = [...addresses, '10.0.2.2', '10.0.2.3', '0.0.0.0', '::'].map((a) => [a, h.emulator.port] as const);
    expect(await reached(session, targets)).toEqual([]);
  });

  it("a cloud host's instance metadata service (the host's credentials): the link-local range is blackholed", async () => {
    const out = await session.check(`ip route show | grep '^blackhole 169.254.0.0/16'; ${connectScript([['169.254.169.254', 80], ['169.254.170.2', 80]])}`);
    expect(out).toBe('blackhole 169.254.0.0/16 \n169.254.169.254 80 EINVAL\n169.254.170.2 80 EINVAL\n');
  });

  it("a server on the host's loopback, and one on every address", async () => {
    const token = `ssc-host-${randomBytes(4).toString('hex')}`;
    const loopback = await startHostServer('127.0.0.1', token);
    const everywhere = await startHostServer('::', token);
    servers.push(loopback, everywhere);
    const addresses = await everyHostAddress();
    const targets = [
      ...['127.0.0.1', '10.0.2.2', 'localhost'].map((a) => [a, loopback.port] as const),
      ...[...addresses, '10.0.2.2'].map((a) => [a, everywhere.port] as const),
    ];
    const out = await session.check(connectScript(targets), { timeout: 120 });
    expect(out).not.toContain(token);
  });

  it('an address the host gains while the session lives is closed to it within seconds', async () => {
    const token = `ssc-late-${randomBytes(4).toString('hex')}`;
    const everywhere = await startHostServer('::', token);
    servers.push(everywhere);
    // An address added on the host after the session's network was made (the test namespace's veth came later too).
    const late = `198.18.${randomBytes(1)[0]}.${1 + (randomBytes(1)[0]! % 250)}`;
    await execa('ip', ['addr', 'add', `${late}/32`, 'dev', 'lo']);
    try {
      expect(await hostConnects(late, everywhere.port)).toBe(true);
      // The emulator polls the host's addresses each second: wait for the route rather than for a fixed time.
      await session.check(`for i in $(seq 1 100); do ip route show | grep -q '^blackhole ${late} ' && exit 0; sleep 0.1; done; echo never blackholed; exit 1`);
      expect(await session.check(connectScript([[late, everywhere.port], [ns.hostAddress, everywhere.port]]))).not.toContain(token);
    } finally {
      await execa('ip', ['addr', 'del', `${late}/32`, 'dev', 'lo'], { reject: false });
    }
  });
});

describe('other sessions', () => {
  it("two sessions' agents both listen on 8080, and neither reaches the other's", async () => {
    const runtime = await h.resources.create({ agentRuntimeArtifact: { containerConfiguration: { containerUri: EMULATOR_PROBE_AGENT_URI } } });
    const [a, b] = [h.resources.open(runtime, { label: 'a' }), h.resources.open(runtime, { label: 'b' })];
    const instances = await Promise.all([a, b].map(async (s) => (await new ProbeAgent(s).ask('hello')).instance));
    const addresses = await everyHostAddress();
    for (const [s, own, other] of [[a, instances[0]!, instances[1]!], [b, instances[1]!, instances[0]!]] as const) {
      const ask = (host: string) =>
        `curl -s -m 3 -X POST -H 'content-type: application/json' -d '{}' http://${host.includes(':') ? `[${host}]` : host}:8080/invocations || echo refused`;
      const seen = await s.check([...['127.0.0.1', '10.0.2.100', '10.0.2.2'], ...addresses.filter((x) => !x.includes('%'))].map(ask).join('; echo; '), { timeout: 120 });
      expect(seen).toContain(own);
      expect(seen).not.toContain(other);
    }
  });
});

describe('the session network itself', () => {
  it("/proc/net shows the session's own namespace, not the host's sockets or interfaces", async () => {
    const hex = h.emulator.port.toString(16).toUpperCase().padStart(4, '0');
    const out = await session.check(`cat /proc/net/dev; cat /proc/net/tcp /proc/net/tcp6 | awk '{print $2}'`);
    expect(out).toMatch(/tap0:/);
    expect(out).not.toMatch(/eth0:/);
    expect(out).not.toContain(`:${hex}\n`);
    // The host's own view has both (the control).
    expect(await execa('cat', ['/proc/net/tcp6']).then((r) => r.stdout)).toContain(`:${hex} `);
  });

  it("no process of the session holds a descriptor of a network namespace (the emulator's is never passed down)", async () => {
    expect(await session.check(`ls -l /proc/[0-9]*/fd 2>/dev/null | grep -c 'net:\\[' || true`)).toBe('0\n');
  });

  it('no raw or packet sockets, and the routes and interfaces cannot be changed, by root in the session', async () => {
    const raw = `import socket, errno
for args in [(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP), (socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6), (socket.AF_PACKET, socket.SOCK_RAW, 0)]:
    try:
        socket.socket(*args); print('opened')
    except OSError as e:
        print(errno.errorcode[e.errno])`;
    expect(await session.check(`python3 -c "${raw}"`)).toBe('EPERM\nEPERM\nEPERM\n');
    const hostAddress = (await everyHostAddress()).find((a) => !a.includes(':') && !a.startsWith('127.'))!;
    const tries = [`ip route del blackhole ${hostAddress}`, `ip route add ${hostAddress}/32 dev tap0`, 'ip link set tap0 down', 'ip addr add 10.0.2.50/24 dev tap0', 'sysctl -w net.ipv4.ip_forward=1', 'echo 1 > /proc/sys/net/ipv4/ip_forward'];
    for (const t of tries) expect((await session.run(`${t} 2>&1`)).exitCode, t).not.toBe(0);
    expect(await session.check(`ip route show | grep -c '^blackhole ${hostAddress} '`)).toBe('1\n');
    expect(await session.check(connectScript([[hostAddress, h.emulator.port]]))).not.toMatch(/ ok/);
  });
});

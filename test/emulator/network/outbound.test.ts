// A session of a PUBLIC runtime connects out, as the microVM does: its commands and its agent reach a server that is
// not on the host (one in a network namespace this test creates), names resolve, and the npm registry the host is
// configured with answers `npm view`. A VPC runtime's session, and every session of an emulator started with
// `--network none`, keep loopback only.
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_PROBE_AGENT_URI, PROBE_AGENT_DIR, ProbeAgent } from '../../../fixtures/agent.ts';
import { shQuote } from '../../../fixtures/shell.ts';
import { startHarness, type Harness } from '../__test-helpers__/emulator-harness.ts';
import { connectScript, startTestNamespace, type TestNamespace } from '../__test-helpers__/network-probes.ts';

const VPC = { networkMode: 'VPC' as const, networkModeConfig: { subnets: ['subnet-0123456789abcdef0'], securityGroups: ['sg-0123456789abcdef0'] } };
let h: Harness;
let ns: TestNamespace;

beforeAll(async () => {
  h = await startHarness({ agents: { containers: { [EMULATOR_PROBE_AGENT_URI]: { dir: PROBE_AGENT_DIR } } } });
  ns = await startTestNamespace();
});
afterAll(async () => {
  await ns?.close();
  await h?.close();
});

const fetchIn = (url: string) => `python3 -c ${shQuote(`import urllib.request; print(urllib.request.urlopen(${JSON.stringify(url)}, timeout=10).read().decode())`)}`;

describe('a PUBLIC runtime’s session', () => {
  it("its commands reach a server outside the host, through an interface of the session's own", async () => {
    const s = h.resources.open(await h.resources.create(), { label: 'out' });
    expect(await s.check(fetchIn(ns.url))).toBe(`${ns.token}\n`);
    expect(await s.check(`ip -o -4 addr show | awk '{print $2}' | sort | tr '\\n' ' '; ip route get ${new URL(ns.url).hostname} | head -1 | grep -o 'dev [a-z0-9]*'`)).toBe('lo tap0 dev tap0\n');
    // UDP too: a datagram out and the answer back.
    const udp = `import socket; u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.settimeout(5); u.sendto(b'ping', (${JSON.stringify(new URL(ns.url).hostname)}, 8089)); print(u.recv(200).decode())`;
    expect(await s.check(`python3 -c ${shQuote(udp)}`)).toBe(`${ns.token} ping\n`);
    // Still there after stop/resume: the resumed compute gets a network of its own again.
    await s.stop();
    expect(await s.check(fetchIn(ns.url))).toBe(`${ns.token}\n`);
  });

  it('its agent reaches the network too (the probe agent fetches the URL in its payload)', async () => {
    const runtime = await h.resources.create({ agentRuntimeArtifact: { containerConfiguration: { containerUri: EMULATOR_PROBE_AGENT_URI } } });
    const agent = new ProbeAgent(h.resources.open(runtime, { label: 'agent' }));
    const answer = await agent.ask('fetch', [{ op: 'fetch', url: ns.url }]);
    expect(answer.results[0]).toMatchObject({ ok: true, status: 200, body: ns.token });
  });

  it("`npm view` works against the host's configured registry, when the host reaches it", async ({ skip }) => {
    const registry = (await execa('npm', ['config', 'get', 'registry'])).stdout.trim();
    const reachable = await fetch(new URL('semver', registry), { signal: AbortSignal.timeout(10_000) }).then((r) => r.ok, () => false);
    if (!reachable) return skip(`the host cannot reach its npm registry ${registry}`);
    const s = h.resources.open(await h.resources.create(), { label: 'npm' });
    const r = await s.run(`npm view --registry=${shQuote(registry)} --no-update-notifier semver version`, { timeout: 120 });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('loopback only', () => {
  it("a VPC runtime's session: there is no VPC to join", async () => {
    const s = h.resources.open(await h.resources.create({ networkConfiguration: VPC }), { label: 'vpc' });
    expect(await s.check(`ip -o link show | awk -F': ' '{print $2}'`)).toBe('lo\n');
    expect(await s.check(connectScript([[new URL(ns.url).hostname, 8089]]))).toMatch(/ ENETUNREACH\n$/);
  });

  it('every session of an emulator started with --network none, PUBLIC or not', async () => {
    const none = await startHarness({ network: 'none' });
    try {
      expect(none.emulator.network).toBe('none');
      const s = none.resources.open(await none.resources.create(), { label: 'none' });
      expect(await s.check(`ip -o link show | awk -F': ' '{print $2}'`)).toBe('lo\n');
      expect(await s.check(connectScript([[new URL(ns.url).hostname, 8089]]))).toMatch(/ ENETUNREACH\n$/);
    } finally {
      await none.close();
    }
  });
});

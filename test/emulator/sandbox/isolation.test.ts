// What a command inside a session must not reach. The adversarial suite (issue 8) goes further; these are the
// guarantees the foundation itself makes: the state directory, the host, other sessions, the emulator's API,
// and privileges.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../__test-helpers__/emulator-harness.ts';
import type { RuntimeHandle } from '../../../fixtures/runtimes.ts';
import type { Session } from '../../../fixtures/session.ts';
import { SESSION_CAPABILITIES } from '../../../emulator/sandbox/bwrap-args.ts';
import { capabilityMask } from '../__test-helpers__/capabilities.ts';

let h: Harness;
let runtime: RuntimeHandle;
let a: Session;
let b: Session;

beforeAll(async () => {
  h = await startHarness();
  runtime = await h.resources.create();
  a = h.resources.open(runtime, { label: 'a' });
  b = h.resources.open(runtime, { label: 'b' });
  await a.check('echo secret-a > /mnt/workspace/s; echo tmp-a > /tmp/t');
  await b.check('true');
});
afterAll(async () => h?.close());

describe('a command in a session', () => {
  it("runs as uid 0 with a container's default capabilities and no others, no new privileges, and cannot make user namespaces", async () => {
    const out = await b.check("id -u; grep -E '^(CapEff|CapBnd|NoNewPrivs)' /proc/self/status | tr -s '\\t' ' '; unshare -r true >/dev/null 2>&1 && echo unshare-ok || echo unshare-refused");
    const mask = capabilityMask(SESSION_CAPABILITIES).toString(16).padStart(16, '0');
    expect(out).toBe(`0\nCapEff: ${mask}\nCapBnd: ${mask}\nNoNewPrivs: 1\nunshare-refused\n`);
  });

  it('holds no descriptor but its stdin, stdout and stderr: nothing bubblewrap or the emulator inherited leaks in', async () => {
    // The shell's descriptors, listed by a child while the shell waits for it: not in a pipeline (the shell holds the
    // pipes while it starts the stages) and not as the shell's last command (it would exec ls, which shows its own).
    const out = await b.check('ls -1 /proc/$$/fd; true');
    expect(out.trim().split('\n').map(Number).sort((x, y) => x - y)).toEqual([0, 1, 2]);
  });

  it('maps 65,536 uids and gids, from its own range of host ids', async () => {
    const out = await b.check('cat /proc/self/uid_map /proc/self/gid_map');
    const [uids, gids] = out.trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
    expect(uids).toEqual(gids);
    const [inside, base, count] = uids!;
    expect({ inside, count, aligned: base! % 65_536 }).toEqual({ inside: 0, count: 65_536, aligned: 0 });
  });

  it('sees neither the emulator state directory nor the host outside /usr and /etc', async () => {
    const out = await b.check(`ls -A /; test -e ${JSON.stringify(h.emulator.stateDir)} && echo state-visible || echo state-hidden`);
    expect(out.trim().split('\n')).toEqual(['bin', 'dev', 'etc', 'lib', 'lib64', 'mnt', 'proc', 'root', 'run', 'sbin', 'tmp', 'usr', 'state-hidden']);
  });

  it("cannot find another session's files anywhere it can look", async () => {
    const out = await b.check("cat /tmp/t 2>/dev/null; grep -rs secret-a / --exclude-dir=proc --exclude-dir=sys --exclude-dir=usr -l | head -3; echo done");
    expect(out).toBe('done\n');
  });

  it('sees only its own processes', async () => {
    const out = await b.check("ls /proc | grep -c '^[0-9]'");
    expect(Number(out)).toBeLessThan(10);
  });

  it("cannot write the host's system directories", async () => {
    const r = await b.run('touch /usr/x /etc/x 2>&1; echo $?');
    expect(r.stdout).toMatch(/Read-only file system/);
  });

  it("cannot call the emulator's API over loopback", async () => {
    const port = new URL(h.emulator.endpoint).port;
    const r = await b.run(
      `exec 3<>/dev/tcp/127.0.0.1/${port} && printf 'GET /_ssc/health HTTP/1.0\\r\\n\\r\\n' >&3 && timeout 5 cat <&3; echo "rc=$?"`,
    );
    expect(r.stdout).not.toMatch(/liveSessions/);
  });

  it('cannot inject faults through the admin endpoint either', async () => {
    const port = new URL(h.emulator.endpoint).port;
    const body = '{"operation":"StopRuntimeSession","error":"ThrottlingException","count":5}';
    await b.run(
      `exec 3<>/dev/tcp/127.0.0.1/${port} && printf 'POST /_ssc/faults HTTP/1.0\\r\\nContent-Length: ${body.length}\\r\\n\\r\\n%s' '${body}' >&3 && timeout 5 cat <&3; true`,
    );
    const state = (await (await fetch(`${h.emulator.endpoint}/_ssc/faults`)).json()) as { armed: unknown[] };
    expect(state.armed).toEqual([]);
  });
});

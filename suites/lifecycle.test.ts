// The session lifecycle seen from inside a session: a fresh mount is empty, the mount survives stop/resume (flushed
// on stop, complete for the first call after Stop returns), nothing else does, a version update or disabling storage
// takes it away, and sessions are isolated (also one session id on two runtimes). Plus the data-plane limits the
// lifecycle relies on (session id length, command constraints), whose bounds come from the target profile
// (spec/profiles/), and the compute a session gets (recorded).
import { StopRuntimeSessionCommand } from '@aws-sdk/client-bedrock-agentcore';
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import {
  commandCases,
  comparableManifest,
  conformanceTest,
  expectRefusal,
  expectValidationException,
  isWellFormedEventSequence,
  manifestOfTree,
  mtimePairs,
  mtimesOf,
  precisionKept,
  sessionIdLengthCases,
  sessionIdOfLength,
  sessionIdVariants,
  setMtimePairs,
  shQuote,
  suiteProfile,
  writeTree,
  type Session,
  type TreeEntry,
} from '../fixtures/index.ts';
import { parseProbe, probeCommand } from '../fixtures/probes.ts';

const { api } = suiteProfile();
const sessionIds = sessionIdLengthCases(api);
const commands = commandCases(api);

/** `ls -A` of the mount: empty output means an empty directory (and a missing mount fails the command). */
const listMount = (session: Session): Promise<string> => session.check(`ls -A -- ${shQuote(session.mountPath)}`);

/** Writes a marker file under the mount and returns its name. */
async function writeMarker(session: Session, label: string): Promise<string> {
  const name = `${label}-${randomUUID()}`;
  await session.check(`printf %s ${shQuote(name)} > ${shQuote(`${session.mountPath}/${name}`)}`);
  return name;
}

describe('first invocation', () => {
  conformanceTest('life/first-empty')('the first command sees an empty mount directory', async ({ session }) => {
    const r = await session.run(`set -e; test -d ${shQuote(session.mountPath)}; ls -A -- ${shQuote(session.mountPath)}; echo ssc-end`);
    expect(r).toMatchObject({ exitCode: 0, status: 'COMPLETED', stdout: 'ssc-end\n' });
  });

  conformanceTest('api/command-event-stream')("a session's first command answers in a well-formed event stream", async ({ session }) => {
    const r = await session.run(`ls -A -- ${shQuote(session.mountPath)}; echo ssc-end`);
    expect(r.events).toContain('contentDelta');
    expect(isWellFormedEventSequence(r.events), `events: ${r.events.join(' → ')}`).toBe(true);
  });
});

describe('stop and resume', () => {
  const binary = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7 + 3) % 256);
  const tree: TreeEntry[] = [
    { type: 'file', path: 'hello.txt', content: 'hello, session storage\n', mode: 0o644, mtime: '1700000000.123456789' },
    { type: 'file', path: 'empty', content: '', mode: 0o600 },
    { type: 'file', path: 'secret.key', content: randomBytes(64), mode: 0o600 },
    { type: 'dir', path: 'bin', mode: 0o755 },
    { type: 'file', path: 'bin/run.sh', content: '#!/bin/sh\necho run\n', mode: 0o755 },
    { type: 'file', path: 'bin/blob.bin', content: binary, mode: 0o644 },
    { type: 'dir', path: 'a', mode: 0o755 },
    { type: 'dir', path: 'a/b', mode: 0o750 },
    { type: 'dir', path: 'a/b/c', mode: 0o700, mtime: '1600000000.000000001' },
    { type: 'file', path: 'a/b/c/deep.txt', content: 'deep\n', mode: 0o640 },
    { type: 'file', path: 'name with space é ✓.txt', content: 'unicode\n', mode: 0o644 },
    { type: 'file', path: '-leading-dash', content: 'dash\n', mode: 0o644 },
    { type: 'symlink', path: 'link-to-hello', target: 'hello.txt' },
    { type: 'symlink', path: 'a/b/up', target: '../../hello.txt' },
    { type: 'symlink', path: 'dangling', target: 'does/not/exist' },
  ];

  conformanceTest('life/persist-stop-resume')('a tree of files, dirs and symlinks with modes is restored exactly', async ({ session, observe }) => {
    await writeTree(session, session.mountPath, tree);
    const seen = await session.manifest();
    const before = comparableManifest(seen);
    expect(before).toEqual(manifestOfTree(tree));
    expect(before.length).toBeGreaterThan(10);
    await session.stop();
    const resumed = await session.manifest();
    const after = comparableManifest(resumed);
    expect(after).toEqual(before);
    observe('entries', after.length);
    // Times are not part of the claim; what the target keeps of them, to the nanosecond, is reported.
    observe('mtimePrecisionInSession', precisionKept(setMtimePairs(tree, mtimesOf(seen))));
    observe('mtimePrecisionAfterStopResume', precisionKept(mtimePairs(mtimesOf(seen), mtimesOf(resumed))));
  });

  conformanceTest('life/flush-on-stop')('about 2 MB written right before Stop survives', async ({ session, observe }) => {
    const sizes = [1 << 20, 1 << 19, 1 << 18, 1 << 17, 65_536, 4_097, 1, 0];
    const dir = `${session.mountPath}/flush`;
    // Hash the bytes on their way to the file (tee), so the expected hashes do not come from reading the mount.
    const script = [
      'set -euo pipefail',
      `mkdir -p -- ${shQuote(dir)}`,
      ...sizes.map((n, i) => `printf '%s ' part-${i}.bin; head -c ${n} /dev/urandom | tee -- ${shQuote(`${dir}/part-${i}.bin`)} | sha256sum | cut -d' ' -f1`),
    ].join('\n');
    const written = await session.check(script);
    await session.stop();
    const expected = written
      .trim()
      .split('\n')
      .map((line) => line.split(' '))
      .map(([name, sha256], i) => ({ path: name, type: 'file', mode: 0o644, size: sizes[i], sha256 }));
    expect(expected).toHaveLength(sizes.length);
    const after = comparableManifest(await session.manifest(dir));
    expect(after).toEqual(expected);
    observe('bytes', sizes.reduce((a, b) => a + b, 0));
  });

  conformanceTest('life/resume-after-stop-complete')('the first call after Stop returns sees every file written before it, complete', async ({ session, observe }) => {
    // Many small files and one large one, written right before Stop: metadata and data a restore must bring back.
    const dir = `${session.mountPath}/resume-now`;
    await session.check(
      `set -e; mkdir -p ${shQuote(dir)}/d; cd ${shQuote(dir)}; for i in $(seq 1 400); do printf 'file %s\\n' "$i" > d/f$i; done; head -c 8388608 /dev/urandom > big`,
    );
    const before = comparableManifest(await session.manifest(dir));
    expect(before).toHaveLength(402);
    await session.stop();
    // No wait, no retry: the guide's promise is that a completed Stop is all a resume needs.
    const started = Date.now();
    const after = comparableManifest(await session.manifest(dir));
    observe('first command after Stop returned (ms)', Date.now() - started);
    expect(after).toEqual(before);
  });

  conformanceTest('life/ephemeral-outside-mount')('/tmp and $HOME persist between commands but not across stop/resume', async ({ session, observe }) => {
    const name = `ssc-eph-${randomUUID()}`;
    const paths = `/tmp/${name} "$HOME"/${name}`;
    await session.check(`set -e; for p in ${paths}; do printf x > "$p"; done`);
    expect(await session.check(`cat -- ${paths}`)).toBe('xx');
    observe('home', (await session.check('printf %s "$HOME"')) || '(empty)');
    await session.stop();
    const r = await session.run(`for p in ${paths}; do if test -e "$p"; then echo "survived: $p"; fi; done`);
    expect(r).toMatchObject({ exitCode: 0, status: 'COMPLETED', stdout: '' });
  });

  conformanceTest('life/new-compute-on-resume', 'api/stop-session')('a background process lives on until Stop, and is gone after resume', async ({ session }) => {
    const uuid = randomUUID();
    // The marker is assembled at run time so that no command line of the probe itself contains it; only the
    // background process carries it, as its argv[0].
    const marker = `m=ssc-marker-; m+=${uuid}`;
    const find = `${marker}; for f in /proc/[0-9]*/cmdline; do IFS= read -r -d '' a0 < "$f" 2>/dev/null || continue; [[ $a0 == "$m" ]] && echo found; done; true`;
    await session.check(`${marker}; nohup bash -c "exec -a $m sleep 600" >/dev/null 2>&1 &`);
    // The background process execs after its command returned: wait until it carries the marker.
    await expect.poll(() => session.check(find), { timeout: 10_000 }).toBe('found\n');
    await session.stop();
    expect(await session.check(find)).toBe('');
  });
});

describe('runtime changes', () => {
  conformanceTest('life/version-update-wipes')('after a version update a resumed session gets an empty mount', async ({ runtimes, sessions }) => {
    const runtime = await runtimes.create({ label: 'wipe' });
    const session = sessions.open(runtime, { label: 'wipe' });
    const name = await writeMarker(session, 'before-update');
    await session.stop();
    expect(await listMount(session)).toBe(`${name}\n`); // it did persist before the update
    await session.stop();
    await runtimes.update(runtime, { description: 'version update' });
    expect(await listMount(session)).toBe('');
  });

  conformanceTest('life/disabled-no-mount')('with storage disabled a new session cannot write the mount path', async ({ runtimes, sessions, profile, observe }) => {
    const runtime = await runtimes.create({ label: 'disabled' });
    const mountPath = runtime.mountPath!;
    // What the blog's agent did: make sure the directory exists, then write in it.
    const write = probeCommand('/', `os.makedirs(${JSON.stringify(mountPath)}, exist_ok=True)\nopen(${JSON.stringify(`${mountPath}/x`)}, 'w').close()`);
    expect(parseProbe(await sessions.open(runtime, { label: 'enabled' }).check(write))).toEqual({ ok: true }); // works while enabled
    await runtimes.update(runtime, { filesystemConfigurations: [] });
    const outcome = parseProbe(await sessions.open(runtime, { label: 'disabled' }).check(write));
    expectRefusal(outcome, 'disabledMount', profile, observe, `writing ${mountPath} with session storage disabled`);
  });
});

describe('isolation', () => {
  conformanceTest('life/isolation')(
    'sessions of one runtime and of another runtime each see only their own storage',
    async ({ runtime, runtimes, sessions }) => {
      const other = await runtimes.create({ label: 'isolation' });
      const all = [sessions.open(runtime, { label: 'iso-a' }), sessions.open(runtime, { label: 'iso-b' }), sessions.open(other, { label: 'iso-c' })];
      for (const s of all) expect(await listMount(s)).toBe('');
      const names = [];
      for (const [i, s] of all.entries()) names.push(await writeMarker(s, `session-${i}`));
      for (const [i, s] of all.entries()) expect(await listMount(s)).toBe(`${names[i]}\n`);
      await Promise.all(all.map((s) => s.stop()));
      for (const [i, s] of all.entries()) expect(await listMount(s)).toBe(`${names[i]}\n`);
    },
  );

  // One command per session writes its own name after listing the mount, so a merged session shows up at once as a
  // non-empty first listing; after a stop the stored data is read back, where a target may key its storage apart
  // from its compute.
  conformanceTest('life/session-id-exact')(
    `ids of ${api.sessionId.maxLength} characters that differ in one character or only in case are separate sessions`,
    async ({ runtime, sessions, adapter }) => {
      const base = sessionIdOfLength(adapter.runId, api.sessionId.maxLength);
      const variants = sessionIdVariants(adapter.runId, base).map((v) => ({ ...v, session: sessions.open(runtime, { id: v.id }) }));
      const firstListings = [];
      for (const { name, session } of variants) {
        firstListings.push({ name, listing: await session.check(`cd ${shQuote(session.mountPath)} && ls -A && printf %s ${shQuote(name)} > who`) });
      }
      expect(firstListings).toEqual(variants.map((v) => ({ name: v.name, listing: '' })));
      await Promise.all(variants.map((v) => v.session.stop()));
      const stored = [];
      for (const v of variants) stored.push({ name: v.name, who: await v.session.check(`cat ${shQuote(`${v.session.mountPath}/who`)}`) });
      expect(stored).toEqual(variants.map((v) => ({ name: v.name, who: v.name })));
    },
  );

  conformanceTest('life/isolation')('one runtimeSessionId on two runtimes is two storages', async ({ runtime, runtimes, sessions, adapter }) => {
    const other = await runtimes.create({ label: 'same-id' });
    const id = adapter.newSessionId('same-id');
    const [a, b] = [sessions.open(runtime, { id }), sessions.open(other, { id })];
    expect(await listMount(a)).toBe('');
    const inA = await writeMarker(a, 'runtime-a');
    expect(await listMount(b)).toBe(''); // a fresh storage, not the other runtime's
    const inB = await writeMarker(b, 'runtime-b');
    expect([await listMount(a), await listMount(b)]).toEqual([`${inA}\n`, `${inB}\n`]);
    await Promise.all([a.stop(), b.stop()]);
    expect([await listMount(a), await listMount(b)]).toEqual([`${inA}\n`, `${inB}\n`]);
  });
});

describe('compute', () => {
  conformanceTest('limits/session-hardware')('the CPUs and memory a session sees are recorded', async ({ session, observe }) => {
    const out = await session.check(
      "nproc; awk '/^MemTotal:/ {print $2}' /proc/meminfo; cat /sys/fs/cgroup/cpu.max 2>/dev/null || echo unknown; cat /sys/fs/cgroup/memory.max 2>/dev/null || echo unknown",
    );
    const [cpus, memKiB, cpuMax, memoryMax] = out.trim().split('\n');
    observe('CPUs (nproc)', Number(cpus));
    observe('memory (MemTotal, bytes)', Number(memKiB) * 1024);
    observe('cgroup cpu.max', cpuMax ?? 'unknown');
    observe('cgroup memory.max', memoryMax ?? 'unknown');
    expect(Number(cpus)).toBeGreaterThan(0);
    expect(Number(memKiB)).toBeGreaterThan(0);
  });
});

describe('InvokeAgentRuntimeCommand output and shells', () => {
  conformanceTest('api/command-event-stream')('stdout, stderr and a non-zero exit code arrive in order', async ({ session }) => {
    const r = await session.run('echo out; echo err >&2; exit 3');
    expect(r).toMatchObject({ stdout: 'out\n', stderr: 'err\n', exitCode: 3, status: 'COMPLETED' });
    expect(isWellFormedEventSequence(r.events), `events: ${r.events.join(' → ')}`).toBe(true);
  });

  conformanceTest('api/command-constraints')('each command runs in a fresh bash: no variables, directory or functions carry over', async ({ session }) => {
    await session.check('export SSC_CARRY=1; SSC_LOCAL=1; cd /tmp; ssc_fn() { :; }');
    const seen = await session.check('echo "${SSC_CARRY:-unset} ${SSC_LOCAL:-unset} $(type -t ssc_fn || echo none) ${BASH_VERSION:+bash}"');
    expect(seen).toBe('unset unset none bash\n');
  });
});

describe('StopRuntimeSession', () => {
  conformanceTest('api/stop-session')('requires a runtimeSessionId', async ({ runtime, target }) => {
    await expectValidationException(
      target.data.send(new StopRuntimeSessionCommand({ agentRuntimeArn: runtime.arn, runtimeSessionId: undefined })),
      'data',
      /runtimeSessionId$/,
    );
  });
});

describe(`runtimeSessionId length (${api.sessionId.minLength}–${api.sessionId.maxLength})`, () => {
  conformanceTest('api/session-id-length').for(sessionIds.rejected)(
    'a %i-char id is rejected by InvokeAgentRuntimeCommand and StopRuntimeSession',
    async (length, { runtime, sessions, target }) => {
      const session = sessions.open(runtime, { id: target.sessionIdOfLength(length) });
      expect(session.id).toHaveLength(length);
      await expectValidationException(session.run('true'), 'data', /runtimeSessionId$/);
      await expectValidationException(session.stop(), 'data', /runtimeSessionId$/);
    },
  );
  conformanceTest('api/session-id-length').for(sessionIds.accepted)(
    'a %i-char id is accepted by InvokeAgentRuntimeCommand and StopRuntimeSession',
    async (length, { runtime, sessions, target }) => {
      const session = sessions.open(runtime, { id: target.sessionIdOfLength(length) });
      expect(session.id).toHaveLength(length);
      expect(await session.check('echo ok')).toBe('ok\n');
      await session.stop();
    },
  );
});

describe('InvokeAgentRuntimeCommand constraints', () => {
  const invalid = commands.invalid.map((c) => [c.name, c.command, c.timeout, c.field === 'command' ? /command$/ : /timeout$/] as const);
  conformanceTest('api/command-constraints').for(invalid)('rejects %s', async ([, command, timeout, field], { session }) => {
    expect(command.length === api.command.minLength - 1 || command.length === api.command.maxLength + 1 || timeout !== undefined).toBe(true);
    await expectValidationException(session.run(command, timeout === undefined ? {} : { timeout }), 'data', field);
  });

  const valid = commands.valid.map((c) => [c.name, c.command, c.timeout] as const);
  conformanceTest('api/command-constraints').for(valid)('accepts %s', async ([, command, timeout], { session }) => {
    expect(await session.check(command, timeout === undefined ? {} : { timeout })).toBe('ok\n');
  });

  conformanceTest('api/command-constraints')('a command that outlives its timeout stops with status TIMED_OUT', async ({ session, observe }) => {
    const r = await session.run('sleep 5; echo finished', { timeout: api.timeoutSeconds.min });
    expect(r.status).toBe('TIMED_OUT');
    expect(r.stdout).not.toContain('finished');
    expect(isWellFormedEventSequence(r.events), `events: ${r.events.join(' → ')}`).toBe(true);
    observe('exitCode', r.exitCode ?? null);
  });
});

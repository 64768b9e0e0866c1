// InvokeAgentRuntime on the emulator, through the real SDK: the probe agent runs per session in the session's own
// network namespace, answers JSON or SSE unchanged, sees the mount, dies on stop and starts again on resume; agents
// that crash, never become healthy or are missing give RuntimeClientError.
import { RuntimeClientError } from '@aws-sdk/client-bedrock-agentcore';
import { copyFile, mkdir, mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_PROBE_AGENT_URI, PROBE_AGENT_DIR, ProbeAgent } from '../../../fixtures/agent.ts';
import type { RuntimeHandle } from '../../../fixtures/runtimes.ts';
import { startHarness, type Harness } from '../__test-helpers__/emulator-harness.ts';

const HUNG_URI = '123456789012.dkr.ecr.us-east-1.amazonaws.com/ssc-hung-agent:latest';
let h: Harness;
let probe: RuntimeHandle;
let hungDir: string;
let codeRoot: string;

const artifact = (containerUri: string) => ({ agentRuntimeArtifact: { containerConfiguration: { containerUri } } });

beforeAll(async () => {
  hungDir = await mkdtemp(join(tmpdir(), 'ssc-hung-agent-'));
  // Listens on 8080 but never answers Healthy.
  await writeFile(
    join(hungDir, 'agent.py'),
    'from http.server import *\nclass H(BaseHTTPRequestHandler):\n  def do_GET(s):\n    s.send_response(503); s.end_headers()\nHTTPServer(("0.0.0.0", 8080), H).serve_forever()\n',
  );
  // codeConfiguration's bucket/prefix resolve under the code root: the probe agent as an unpacked code bundle.
  codeRoot = await mkdtemp(join(tmpdir(), 'ssc-code-root-'));
  await mkdir(join(codeRoot, 'ssc-code', 'agents', 'probe'), { recursive: true });
  await copyFile(join(PROBE_AGENT_DIR, 'agent.py'), join(codeRoot, 'ssc-code', 'agents', 'probe', 'main.py'));
  h = await startHarness({
    agents: {
      codeRoot,
      containers: {
        [EMULATOR_PROBE_AGENT_URI]: { dir: PROBE_AGENT_DIR },
        [HUNG_URI]: { dir: hungDir, command: ['python3', 'agent.py'] },
      },
    },
    agentStartTimeoutMs: 1_500,
  });
  probe = await h.resources.create({ ...artifact(EMULATOR_PROBE_AGENT_URI), environmentVariables: { PROBE_MOUNT_PATH: '/mnt/workspace' } });
});

afterAll(async () => {
  await h?.close();
  await rm(hungDir, { recursive: true, force: true });
  await rm(codeRoot, { recursive: true, force: true });
});

describe('InvokeAgentRuntime', () => {
  it('counts a session only the agent used as live: its time is metered and Stop ends it', async () => {
    const session = h.resources.open(probe, { label: 'agent-only' });
    const before = h.target.meter.read().sessionSeconds;
    await new ProbeAgent(session).ask('hello');
    expect(session.live).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    await session.stop();
    expect(session.live).toBe(false);
    expect(h.target.meter.read().sessionSeconds).toBeGreaterThan(before);
  });

  it('forwards payload, content type and session id; the agent writes under the mount', async () => {
    const session = h.resources.open(probe, { label: 'fwd' });
    const agent = new ProbeAgent(session);
    const r = await agent.invoke(JSON.stringify({ prompt: 'hi', actions: [{ op: 'write', path: 'a/b.txt', content: 'from agent' }] }));
    expect(r.statusCode).toBe(200);
    expect(r.contentType).toBe('application/json');
    expect(r.runtimeSessionId).toBe(session.id);
    const answer = JSON.parse(r.body);
    expect(answer.received).toMatchObject({ contentType: 'application/json', sessionId: session.id });
    expect(answer.results).toEqual([{ op: 'write', path: 'a/b.txt', ok: true }]);
    expect(await session.check('cat /mnt/workspace/a/b.txt')).toBe('from agent');
  });

  it('forwards the user id and custom headers, and echoes tracing headers (raw HTTP, as any client sends them)', async () => {
    const session = h.resources.open(probe, { label: 'headers' });
    const res = await fetch(`${h.emulator.endpoint}/runtimes/${encodeURIComponent(probe.arn)}/invocations`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-amzn-bedrock-agentcore-runtime-session-id': session.id,
        'x-amzn-bedrock-agentcore-runtime-user-id': 'user-7',
        'x-amzn-bedrock-agentcore-runtime-custom-tenant': 'blue',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      },
      body: JSON.stringify({ prompt: 'headers' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('traceparent')).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    expect(res.headers.get('x-amzn-bedrock-agentcore-runtime-session-id')).toBe(session.id);
    const answer = (await res.json()) as { received: Record<string, unknown> };
    expect(answer.received).toMatchObject({ userId: 'user-7', custom: { 'x-amzn-bedrock-agentcore-runtime-custom-tenant': 'blue' } });
    await session.stop();
  });

  it('runs a codeConfiguration bundle from the code root with its runtime and entry point', async () => {
    const runtime = await h.resources.create({
      agentRuntimeArtifact: { codeConfiguration: { code: { s3: { bucket: 'ssc-code', prefix: 'agents/probe' } }, runtime: 'PYTHON_3_12', entryPoint: ['main.py'] } },
    });
    const agent = new ProbeAgent(h.resources.open(runtime, { label: 'code' }));
    const answer = await agent.ask('hi', [{ op: 'write', path: 'code.txt', content: 'from a code bundle' }]);
    expect(answer.results[0]).toMatchObject({ ok: true });
    expect(await agent.session.check('cat /mnt/workspace/code.txt; ls /app')).toBe('from a code bundle' + 'main.py\n');
    await agent.session.stop();
  });

  it('streams SSE back unchanged', async () => {
    const agent = new ProbeAgent(h.resources.open(probe, { label: 'sse' }));
    const r = await agent.askStreaming('list', [{ op: 'write', path: 'x', content: '1' }, { op: 'list', path: '.' }]);
    expect(r.contentType).toBe('text/event-stream');
    expect(r.body).toHaveLength(3);
    expect(r.body[1]).toMatchObject({ op: 'list', entries: expect.arrayContaining(['x']) });
    await agent.session.stop();
  });

  it('gives each session its own network namespace: two agents on port 8080 at once', async () => {
    const [a, b] = [new ProbeAgent(h.resources.open(probe, { label: 'ns-a' })), new ProbeAgent(h.resources.open(probe, { label: 'ns-b' }))];
    const [ra, rb] = await Promise.all([a.ask('a', [{ op: 'write', path: 'who', content: 'a' }]), b.ask('b', [{ op: 'read', path: 'who' }])]);
    expect(ra.instance).not.toBe(rb.instance);
    expect(rb.results[0]).toMatchObject({ ok: false });
    await Promise.all([a.session.stop(), b.session.stop()]);
  });

  it('kills the agent on stop and starts a new one on resume, which continues the history', async () => {
    const session = h.resources.open(probe, { label: 'resume' });
    const agent = new ProbeAgent(session);
    const first = await agent.ask('remember the number 42');
    expect(await session.check('pgrep -c -f agent.py')).toBe('1\n');
    await session.stop();
    // The resumed compute runs no agent until the next invocation: the old process died with the old compute.
    expect((await session.run('pgrep -f agent.py')).exitCode).toBe(1);
    const again = await agent.ask('continue where we left off');
    expect(again.instance).not.toBe(first.instance);
    expect(again.history.map((m) => m.content)).toEqual(['remember the number 42', first.reply]);
    expect(again.reply).toMatch(/remember the number 42/);
    await session.stop();
  });

  it('starts the agent only on the first invocation, not when a command provisions the session', async () => {
    const session = h.resources.open(probe, { label: 'lazy' });
    expect((await session.run('pgrep -f agent.py')).exitCode).toBe(1);
    await new ProbeAgent(session).ask('now');
    expect((await session.run('pgrep -f agent.py')).exitCode).toBe(0);
    await session.stop();
  });

  it('answers RuntimeClientError (424) when the agent dies during an invocation, and restarts it on the next', async () => {
    const agent = new ProbeAgent(h.resources.open(probe, { label: 'crash' }));
    const first = await agent.ask('before');
    const e = await agent.ask('crash', [{ op: 'exit', code: 7 }]).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RuntimeClientError);
    expect((e as RuntimeClientError).$metadata.httpStatusCode).toBe(424);
    expect((e as Error).message).toMatch(/exit code 7/);
    const after = await agent.ask('after');
    expect(after.instance).not.toBe(first.instance);
    await agent.session.stop();
  });

  it('answers RuntimeClientError when the agent exits at start, with its exit code and output', async () => {
    const runtime = await h.resources.create({ ...artifact(EMULATOR_PROBE_AGENT_URI), environmentVariables: { PROBE_CRASH_ON_START: '1' } });
    const agent = new ProbeAgent(h.resources.open(runtime, { label: 'start-crash' }));
    const e = await agent.ask('hello').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RuntimeClientError);
    expect((e as Error).message).toMatch(/exited during start.*exit code 3.*PROBE_CRASH_ON_START/);
    expect(await agent.session.check('echo still-usable')).toBe('still-usable\n');
    await agent.session.stop();
  });

  it('answers RuntimeClientError when the agent never answers Healthy on /ping within the deadline', async () => {
    const runtime = await h.resources.create(artifact(HUNG_URI));
    const agent = new ProbeAgent(h.resources.open(runtime, { label: 'hung' }));
    const started = Date.now();
    const e = await agent.invoke('{}').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RuntimeClientError);
    expect((e as Error).message).toMatch(/did not answer Healthy on GET \/ping within 1500 ms \(last: HTTP 503\)/);
    expect(Date.now() - started).toBeLessThan(10_000);
    await agent.session.stop();
  });

  it('answers RuntimeClientError naming the image when no agent is mapped to it', async () => {
    const runtime = await h.resources.create(artifact('123456789012.dkr.ecr.us-east-1.amazonaws.com/unmapped:1'));
    const agent = new ProbeAgent(h.resources.open(runtime, { label: 'unmapped' }));
    await expect(agent.invoke('{}')).rejects.toThrow(/no local agent is mapped to the container image .*unmapped:1/);
    await agent.session.stopQuietly();
  });
});

// The pure parts of agent invocation: which local agent stands in for an artifact, what command a Dockerfile runs,
// and which headers travel between caller and agent.
import { describe, expect, it } from 'vitest';
import { resolveAgent } from '../../../emulator/agent/artifact.ts';
import { dockerfileCommand } from '../../../emulator/agent/dockerfile.ts';
import { agentRequestHeaders, callerResponseHeaders } from '../../../emulator/agent/headers.ts';

const URI = '123456789012.dkr.ecr.us-east-1.amazonaws.com/agent:1';
const code = (runtime: string, bucket = 'b', prefix = 'agents/one', entryPoint = ['main.py']) => ({
  codeConfiguration: { code: { s3: { bucket, prefix } }, runtime, entryPoint },
});

describe('resolveAgent', () => {
  it('maps a container URI exactly, command optional', () => {
    const sources = { containers: { [URI]: { dir: '/agents/a' } } };
    expect(resolveAgent({ containerConfiguration: { containerUri: URI } }, sources)).toEqual({ ok: true, launch: { dir: '/agents/a', command: undefined } });
    const other = resolveAgent({ containerConfiguration: { containerUri: URI.replace(':1', ':2') } }, sources);
    expect(other).toEqual({ ok: false, reason: expect.stringMatching(/no local agent is mapped to the container image .*agent:2/) });
  });

  it('runs code bundles from the code root with the runtime interpreter', () => {
    expect(resolveAgent(code('PYTHON_3_12'), { codeRoot: '/code' })).toEqual({
      ok: true,
      launch: { dir: '/code/b/agents/one', command: ['python3', 'main.py'] },
    });
    expect(resolveAgent(code('NODE_22', 'b', 'x', ['index.js']), { codeRoot: '/code' })).toMatchObject({ launch: { command: ['node', 'index.js'] } });
    expect(resolveAgent(code('PYTHON_3_12'), {})).toEqual({ ok: false, reason: expect.stringMatching(/needs a local code root/) });
  });

  it('never resolves a code location outside the code root', () => {
    for (const [bucket, prefix] of [['..', 'etc'], ['b', '../../etc'], ['b', '/etc'], ['b', '.'.repeat(1)]] as const) {
      const r = resolveAgent(code('PYTHON_3_12', bucket, prefix), { codeRoot: '/code' });
      if (r.ok) expect(r.launch.dir.startsWith('/code/')).toBe(true);
      else expect(r.reason).toMatch(/outside the code root/);
    }
    expect(resolveAgent(code('PYTHON_3_12', '..', '..'), { codeRoot: '/code' })).toMatchObject({ ok: false });
  });

  it('explains a missing artifact', () => {
    expect(resolveAgent(undefined, {})).toEqual({ ok: false, reason: expect.stringMatching(/no agentRuntimeArtifact/) });
  });
});

describe('dockerfileCommand', () => {
  it('composes ENTRYPOINT and CMD of the last stage, exec and shell forms', () => {
    expect(dockerfileCommand('FROM x\nWORKDIR /app\nCMD ["python3", "-u", "agent.py"]\n')).toEqual(['python3', '-u', 'agent.py']);
    expect(dockerfileCommand('FROM x\nWORKDIR /app/\nENTRYPOINT ["node"]\nCMD ["a.js"]')).toEqual(['node', 'a.js']);
    expect(dockerfileCommand('FROM x\nWORKDIR /app\nCMD python3 \\\n  agent.py')).toEqual(['/bin/sh', '-c', 'python3    agent.py']);
    expect(dockerfileCommand('FROM a\nCMD ["old"]\nFROM b\nWORKDIR /app\nCMD ["new"]')).toEqual(['new']);
  });

  it('refuses what the emulator cannot run faithfully, naming the file', () => {
    expect(() => dockerfileCommand('FROM x\nCMD ["a"]', '/d/Dockerfile')).toThrow('/d/Dockerfile: the emulator shows the build context at /app, so WORKDIR must be /app (found none)');
    expect(() => dockerfileCommand('FROM x\nWORKDIR /app')).toThrow(/neither ENTRYPOINT nor CMD/);
    expect(() => dockerfileCommand('FROM x\nWORKDIR /app\nCMD ["a",')).toThrow(/CMD: not a valid JSON array/);
  });

  it('reads the probe agent image the suites ship', async () => {
    const { readFile } = await import('node:fs/promises');
    const { PROBE_AGENT_DIR } = await import('../../../fixtures/agent.ts');
    expect(dockerfileCommand(await readFile(`${PROBE_AGENT_DIR}/Dockerfile`, 'utf8'))).toEqual(['python3', '-u', 'agent.py']);
  });
});

describe('invocation headers', () => {
  const caller = {
    'content-type': 'application/json',
    accept: 'text/event-stream',
    'x-amzn-bedrock-agentcore-runtime-session-id': 'from-caller',
    'x-amzn-bedrock-agentcore-runtime-user-id': 'u1',
    'x-amzn-bedrock-agentcore-runtime-custom-tenant': 't1',
    'mcp-session-id': 'm1',
    traceparent: '00-abc-def-01',
    authorization: 'AWS4-HMAC-SHA256 secret',
    'x-amz-date': '20260101T000000Z',
  };

  it('forwards the contract headers and the session id it runs under, never the caller credentials', () => {
    expect(agentRequestHeaders(caller, 'session-x')).toEqual({
      'content-type': 'application/json',
      accept: 'text/event-stream',
      'x-amzn-bedrock-agentcore-runtime-session-id': 'session-x',
      'x-amzn-bedrock-agentcore-runtime-user-id': 'u1',
      'x-amzn-bedrock-agentcore-runtime-custom-tenant': 't1',
      'mcp-session-id': 'm1',
      traceparent: '00-abc-def-01',
    });
  });

  it("answers with the agent's content type and echoes session, MCP and trace headers", () => {
    expect(callerResponseHeaders({ 'content-type': 'text/event-stream', server: 'x' }, caller, 'session-x')).toEqual({
      'content-type': 'text/event-stream',
      'mcp-session-id': 'm1',
      traceparent: '00-abc-def-01',
      'x-amzn-bedrock-agentcore-runtime-session-id': 'session-x',
    });
    expect(callerResponseHeaders({}, {}, 's')['content-type']).toBe('application/octet-stream');
  });
});

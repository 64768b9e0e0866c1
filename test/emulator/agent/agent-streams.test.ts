// What travels through the tunnel into a session: payloads and answers of several MB intact in both directions, a
// streamed answer cut when the session is stopped under it, and an invocation in progress counting as activity.
import { InvokeAgentRuntimeCommand } from '@aws-sdk/client-bedrock-agentcore';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_PROBE_AGENT_URI, PROBE_AGENT_DIR, ProbeAgent, sseData } from '../../../fixtures/agent.ts';
import type { RuntimeHandle } from '../../../fixtures/runtimes.ts';
import { startHarness, type Harness } from '../__test-helpers__/emulator-harness.ts';

let h: Harness;
let probe: RuntimeHandle;

beforeAll(async () => {
  h = await startHarness({ agents: { containers: { [EMULATOR_PROBE_AGENT_URI]: { dir: PROBE_AGENT_DIR } } } });
  probe = await h.resources.create({
    agentRuntimeArtifact: { containerConfiguration: { containerUri: EMULATOR_PROBE_AGENT_URI } },
    lifecycleConfiguration: { idleRuntimeSessionTimeout: 60, maxLifetime: 3600 },
  });
});
afterAll(async () => h?.close());

/** Starts a streaming invocation; resolves with the body's chunks as they come, and when it ends. */
async function streamingInvocation(agent: ProbeAgent, actions: object[]) {
  const out = await agent.session.data.send(
    new InvokeAgentRuntimeCommand({
      agentRuntimeArn: agent.session.runtime.arn,
      runtimeSessionId: agent.session.id,
      contentType: 'application/json',
      payload: new TextEncoder().encode(JSON.stringify({ prompt: 'stream', actions, stream: true })),
    }),
  );
  const chunks: string[] = [];
  let firstChunk!: () => void;
  const first = new Promise<void>((resolve) => (firstChunk = resolve));
  const ended = (async () => {
    try {
      for await (const chunk of out.response as AsyncIterable<Uint8Array>) {
        chunks.push(Buffer.from(chunk).toString('utf8'));
        firstChunk();
      }
      return 'ended';
    } catch {
      return 'aborted';
    }
  })();
  return { contentType: out.contentType, chunks, first, ended };
}

describe('the tunnel into the session', () => {
  it('carries a multi-MB payload in and a multi-MB answer out, byte for byte', async () => {
    const agent = new ProbeAgent(h.resources.open(probe, { label: 'big' }));
    const content = randomBytes(3 * 1024 * 1024).toString('base64');
    const answer = await agent.ask('big', [{ op: 'write', path: 'big.txt', content }, { op: 'read', path: 'big.txt' }]);
    expect(answer.results[1]?.content).toBe(content);
    expect(await agent.session.check('wc -c < /mnt/workspace/big.txt')).toBe(`${content.length}\n`);
    await agent.session.stop();
  });

  it('cuts a streamed answer when the session is stopped under it', async () => {
    const agent = new ProbeAgent(h.resources.open(probe, { label: 'cut' }));
    const started = Date.now();
    const s = await streamingInvocation(agent, [{ op: 'write', path: 'before', content: '1' }, { op: 'sleep', seconds: 30 }, { op: 'write', path: 'after', content: '2' }]);
    expect(s.contentType).toBe('text/event-stream');
    await s.first;
    expect(sseData(s.chunks.join(''))).toEqual([{ op: 'write', path: 'before', ok: true }]);
    await agent.session.stop();
    await s.ended;
    expect(Date.now() - started).toBeLessThan(15_000);
    // The agent died with the compute: it never got to the last action.
    expect(sseData(s.chunks.join(''))).toHaveLength(1);
    expect(await agent.session.check('ls /mnt/workspace')).toBe('before\n');
    await agent.session.stop();
  });

  it('counts an invocation in progress as activity: no idle stop under it', async () => {
    const agent = new ProbeAgent(h.resources.open(probe, { label: 'busy' }));
    const s = await streamingInvocation(agent, [{ op: 'write', path: 'started', content: '1' }, { op: 'sleep', seconds: 1.5 }, { op: 'write', path: 'done', content: '1' }]);
    await s.first;
    await h.advanceClock(120);
    expect(await s.ended).toBe('ended');
    const events = sseData(s.chunks.join(''));
    expect(events.at(-1)).toMatchObject({ turn: 1, results: [{ op: 'write', ok: true }, { op: 'sleep', ok: true }, { op: 'write', ok: true }] });
    // Once the answer ended the session is idle again, and the next minute stops it.
    await h.advanceClock(61);
    expect((await agent.session.run('cat /mnt/workspace/done; pgrep -f agent.py')).stdout).toBe('1');
    await agent.session.stop();
  });
});

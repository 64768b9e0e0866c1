// The agent's side of session storage, through InvokeAgentRuntime: the blog's agent keeps its conversation under the
// mount and continues it after stop and resume; files the agent writes persist and are the files commands see in
// the same session; an agent that fails gives RuntimeClientError. The agent is the probe agent (fixtures/probe-agent):
// the runtime HTTP contract without a model, acting on files as the payload asks. On AgentCore it needs its image in
// SSC_PROBE_AGENT_URI; without one these tests are skipped with that reason. A command target reaches it through its
// `agent` templates; without them these tests are not verifiable there, for want of capability 'agent'.
import { RuntimeClientError } from '@aws-sdk/client-bedrock-agentcore';
import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { conformanceTest, createProbeRuntime, ProbeAgent, shQuote, type ConformanceContext } from '../fixtures/index.ts';

type ProbeFixtures = Pick<ConformanceContext, 'adapter' | 'runtimes' | 'sessions' | 'skip'>;

/** Every test here invokes the agent. */
const AGENT = { needs: ['agent'] } as const;

/** A session on a fresh runtime running the probe agent, with its agent. */
async function probeSession({ adapter, runtimes, sessions, skip }: ProbeFixtures, label: string, env?: Record<string, string>) {
  const runtime = await createProbeRuntime(adapter, runtimes, skip, env ? { env } : {});
  const session = sessions.open(runtime, { label });
  return { session, agent: new ProbeAgent(session) };
}

describe('conversation history under the mount', () => {
  conformanceTest('life/history-resume')('the agent continues the conversation after stop and resume (the blog scenario)', AGENT, async ({ adapter, runtimes, sessions, skip }) => {
    const { session, agent } = await probeSession({ adapter, runtimes, sessions, skip }, 'history');
    const ask = 'Create a file called notes.txt with the text "remember the blue door"';
    const first = await agent.ask(ask, [{ op: 'write', path: 'notes.txt', content: 'remember the blue door' }]);
    expect(first.turn).toBe(1);
    expect(first.history).toEqual([]);
    expect(first.results).toEqual([{ op: 'write', path: 'notes.txt', ok: true }]);

    await session.stop();
    const resumed = await agent.ask('Continue where we left off: what did I ask you to write?', [{ op: 'read', path: 'notes.txt' }]);
    // A new agent process (the compute is new after resume), so what it remembers came from the mount.
    expect(resumed.instance).not.toBe(first.instance);
    expect(resumed.turn).toBe(2);
    expect(resumed.history).toEqual([
      { role: 'user', content: ask },
      { role: 'assistant', content: first.reply },
    ]);
    expect(resumed.results[0]).toMatchObject({ ok: true, content: 'remember the blue door' });
    expect(await session.check(`ls -A ${shQuote(`${session.mountPath}/.sessions`)}`)).toMatch(/^session_/);
  });
});

describe('agent and commands in one session', () => {
  conformanceTest('life/same-session-shared-by-agent-and-command')('commands see what the agent writes under the mount, and the agent sees what commands write', AGENT, async ({ adapter, runtimes, sessions, skip }) => {
    const { session, agent } = await probeSession({ adapter, runtimes, sessions, skip }, 'shared');
    const fromCommand = `command-${randomUUID()}`;
    await session.check(`printf %s ${shQuote(fromCommand)} > ${shQuote(`${session.mountPath}/from-command.txt`)}`);
    const fromAgent = `agent-${randomUUID()}`;
    const answer = await agent.ask('swap notes', [
      { op: 'read', path: 'from-command.txt' },
      { op: 'write', path: 'from-agent.txt', content: fromAgent },
    ]);
    expect(answer.received.sessionId).toBe(session.id);
    expect(answer.results[0]).toMatchObject({ ok: true, content: fromCommand });
    expect(await session.check(`cat ${shQuote(`${session.mountPath}/from-agent.txt`)}`)).toBe(fromAgent);
  });

  conformanceTest('life/persist-stop-resume')('files the agent writes under the mount survive stop and resume', AGENT, async ({ adapter, runtimes, sessions, skip }) => {
    const { session, agent } = await probeSession({ adapter, runtimes, sessions, skip }, 'persist');
    const content = `persisted-${randomUUID()}`;
    await agent.ask('write a nested file', [{ op: 'write', path: 'agent/dir/file.txt', content }]);
    await session.stop();
    expect(await session.check(`cat ${shQuote(`${session.mountPath}/agent/dir/file.txt`)}`)).toBe(content);
    const listed = await agent.ask('list it', [{ op: 'list', path: 'agent/dir' }]);
    expect(listed.results[0]).toMatchObject({ ok: true, entries: ['file.txt'] });
  });
});

describe('the mount while the agent starts', () => {
  conformanceTest('life/mount-at-invocation')('whether the mount exists while the agent initialises and when it is invoked is recorded', AGENT, async ({ adapter, runtimes, sessions, skip, observe }) => {
    const { session, agent } = await probeSession({ adapter, runtimes, sessions, skip }, 'mount-at-start');
    const first = await agent.ask('where is the mount?');
    // The probe reports what it saw; the guide leaves the start open, so nothing about it is asserted.
    expect(first.mount?.atStart, 'the probe agent did not report the mount').toBeDefined();
    observe('mount exists at agent start', first.mount.atStart.exists);
    observe('mount is a mount point at agent start', first.mount.atStart.isMount);
    observe('mount exists at invocation', first.mount.atInvocation.exists);
    observe('mount is a mount point at invocation', first.mount.atInvocation.isMount);
    // A resumed session starts a new agent process: its start is observed too.
    await session.stop();
    const resumed = await agent.ask('and now?');
    expect(resumed.instance).not.toBe(first.instance);
    observe('mount exists at agent start after resume', resumed.mount.atStart.exists);
    observe('mount exists at invocation after resume', resumed.mount.atInvocation.exists);
  });
});

describe('a failing agent', () => {
  const expectRuntimeClientError = async (call: Promise<unknown>): Promise<RuntimeClientError> => {
    const e = await call.then(
      (v) => {
        throw new Error(`expected RuntimeClientError, the invocation succeeded: ${JSON.stringify(v).slice(0, 300)}`);
      },
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(RuntimeClientError);
    expect((e as RuntimeClientError).$metadata.httpStatusCode).toBe(424);
    return e as RuntimeClientError;
  };

  conformanceTest('api/agent-failure-runtime-client-error')('an agent that dies during an invocation gives RuntimeClientError', AGENT, async ({ adapter, runtimes, sessions, skip }) => {
    const { session, agent } = await probeSession({ adapter, runtimes, sessions, skip }, 'crash');
    await agent.ask('hello');
    await expectRuntimeClientError(agent.ask('crash now', [{ op: 'exit', code: 7 }]));
    await session.stopQuietly();
  });

  conformanceTest('api/agent-failure-runtime-client-error')('an agent that exits at start gives RuntimeClientError', AGENT, async ({ adapter, runtimes, sessions, skip }) => {
    const { session, agent } = await probeSession({ adapter, runtimes, sessions, skip }, 'crash-start', { PROBE_CRASH_ON_START: '1' });
    await expectRuntimeClientError(agent.ask('hello'));
    await session.stopQuietly();
  });
});

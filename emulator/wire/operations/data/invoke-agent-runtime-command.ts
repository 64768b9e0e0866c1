// InvokeAgentRuntimeCommand: `bash -c <command>` in the session's compute, output streamed back as event-stream
// `chunk` events as it is produced: contentStart → contentDelta{stdout|stderr}… → contentStop{exitCode,status}.
import type { CommandEvent } from '../../../sandbox/compute.ts';
import { EVENT_STREAM_CONTENT_TYPE } from '../../eventstream.ts';
import type { Operation, StreamMessage } from '../../types.ts';
import { FieldChecker } from '../../validate.ts';
import type { DataContext } from './context.ts';
import { jsonObjectBody, readSessionTarget, SESSION_HEADER } from './common.ts';

export const COMMAND = { min: 1, max: 65536 } as const;
export const TIMEOUT_SECONDS = { min: 1, max: 3600, default: 300 } as const;

const chunk = (payload: unknown): StreamMessage => ({ kind: 'event', eventType: 'chunk', payload });

/** Maps sandbox events to the modelled ResponseChunk members. */
export async function* commandStream(events: AsyncIterable<CommandEvent>): AsyncGenerator<StreamMessage> {
  yield chunk({ contentStart: {} });
  for await (const e of events) {
    if (e.kind === 'stdout') yield chunk({ contentDelta: { stdout: e.text } });
    else if (e.kind === 'stderr') yield chunk({ contentDelta: { stderr: e.text } });
    else yield chunk({ contentStop: { exitCode: e.exitCode, status: e.timedOut ? 'TIMED_OUT' : 'COMPLETED' } });
  }
}

export const invokeAgentRuntimeCommand: Operation<DataContext> = {
  name: 'InvokeAgentRuntimeCommand',
  method: 'POST',
  path: '/runtimes/{agentRuntimeArn}/commands',
  async handle(req, ctx) {
    const c = new FieldChecker();
    const target = readSessionTarget(req, c, ctx, { required: false });
    const body = jsonObjectBody(req);
    c.required('body.command', body['command']);
    c.string('body.command', body['command'], COMMAND);
    c.int('body.timeout', body['timeout'], TIMEOUT_SECONDS);
    c.done();
    const runtime = ctx.runtimes.resolve(target.agentRuntimeArn, target.qualifier, target.accountId);
    const timeout = (body['timeout'] as number | undefined) ?? TIMEOUT_SECONDS.default;
    const events = await ctx.sessions.runCommand(runtime, target.runtimeSessionId, body['command'] as string, timeout);
    return {
      kind: 'eventstream',
      status: 200,
      headers: { 'content-type': EVENT_STREAM_CONTENT_TYPE, [SESSION_HEADER]: target.runtimeSessionId },
      messages: commandStream(events),
    };
  },
};

// InvokeAgentRuntimeCommand: `bash -c <command>` in the session's compute, output streamed back as event-stream
// `chunk` events as it is produced: contentStart → contentDelta{stdout|stderr}… → contentStop{exitCode,status}.
// Deltas carry at most 64 KiB each; past 100 MiB of output the command is stopped and the stream ends with
// ServiceQuotaExceededException (command-output.ts).
import type { CommandEvent } from '../../../sandbox/commands.ts';
import { EVENT_STREAM_CONTENT_TYPE } from '../../eventstream.ts';
import type { Operation, StreamMessage } from '../../types.ts';
import { FieldChecker } from '../../../aws/field-checker.ts';
import { jsonObjectBody } from '../../../aws/json-body.ts';
import type { DataContext } from '../context.ts';
import { readSessionTarget, SESSION_HEADER } from './session-target.ts';
import { bufferOutput, DEVIANT_CHUNK_BYTES, limitOutput, OUTPUT_LIMITS } from './command-output.ts';

const COMMAND = { min: 1, max: 65536 } as const;
const TIMEOUT_SECONDS = { min: 1, max: 3600, default: 300 } as const;

const chunk = (payload: unknown): StreamMessage => ({ kind: 'event', eventType: 'chunk', payload });

/** Maps sandbox events to the modelled ResponseChunk members. */
async function* commandStream(events: AsyncIterable<CommandEvent>): AsyncGenerator<StreamMessage> {
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
    const body = jsonObjectBody(req.body);
    c.required('body.command', body['command']);
    c.string('body.command', body['command'], COMMAND);
    c.int('body.timeout', body['timeout'], TIMEOUT_SECONDS);
    c.done();
    const runtime = ctx.runtimes.resolve(target.agentRuntimeArn, target.qualifier, target.accountId);
    const timeout = (body['timeout'] as number | undefined) ?? TIMEOUT_SECONDS.default;
    // Aborted only when the output outgrows the response; a client that hangs up leaves the command running.
    const overflow = new AbortController();
    const events = await ctx.sessions.runCommand(runtime, target.runtimeSessionId, body['command'] as string, timeout, overflow.signal);
    const deviant = ctx.deviations.has('output-in-large-chunks');
    const output = deviant
      ? limitOutput(bufferOutput(events, DEVIANT_CHUNK_BYTES), { ...OUTPUT_LIMITS, chunkBytes: DEVIANT_CHUNK_BYTES }, () => overflow.abort())
      : limitOutput(events, OUTPUT_LIMITS, () => overflow.abort());
    return {
      kind: 'eventstream',
      status: 200,
      headers: { 'content-type': EVENT_STREAM_CONTENT_TYPE, [SESSION_HEADER]: target.runtimeSessionId },
      messages: commandStream(output),
    };
  },
};

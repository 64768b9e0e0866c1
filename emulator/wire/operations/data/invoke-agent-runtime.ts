// InvokeAgentRuntime: the payload goes to the session's agent (`POST /invocations` on its port 8080, runtime HTTP
// contract) with the content type and the session, user, custom, MCP and tracing headers; the agent's answer (JSON,
// SSE or anything else) streams back unchanged with its content type. The session is provisioned or resumed first,
// so its storage is mounted when the agent runs. An agent that is missing, exits, never answers Healthy on /ping or
// answers an error is RuntimeClientError (424), "the agent container failed or misbehaved".
import { agentRequestHeaders, callerResponseHeaders } from '../../../agent/headers.ts';
import { AgentFailure } from '../../../agent/session-agent.ts';
import { AwsError } from '../../../aws/errors.ts';
import type { Operation } from '../../types.ts';
import { FieldChecker } from '../../../aws/field-checker.ts';
import type { DataContext } from '../context.ts';
import { readSessionTarget } from './session-target.ts';

const PAYLOAD_MAX_BYTES = 100_000_000;

export const invokeAgentRuntime: Operation<DataContext> = {
  name: 'InvokeAgentRuntime',
  method: 'POST',
  path: '/runtimes/{agentRuntimeArn}/invocations',
  async handle(req, ctx) {
    const c = new FieldChecker();
    const target = readSessionTarget(req, c, ctx, { required: false });
    if (req.body.length > PAYLOAD_MAX_BYTES)
      c.fail('payload', `<${req.body.length} bytes>`, `Member must have length less than or equal to ${PAYLOAD_MAX_BYTES}`);
    c.done();
    const runtime = ctx.runtimes.resolve(target.agentRuntimeArn, target.qualifier, target.accountId);
    const sessionId = target.runtimeSessionId;
    try {
      const res = await ctx.sessions.invokeAgent(runtime, sessionId, {
        headers: agentRequestHeaders(req.headers, sessionId),
        body: req.body,
        signal: req.signal,
      });
      return { kind: 'raw', status: res.statusCode ?? 200, headers: callerResponseHeaders(res.headers, req.headers, sessionId), body: res };
    } catch (e) {
      if (e instanceof AgentFailure) throw new AwsError('RuntimeClientError', e.message);
      throw e;
    }
  },
};

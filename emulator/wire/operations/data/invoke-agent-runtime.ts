// InvokeAgentRuntime: validated and routed like the real operation. Running a real agent process per session is
// not implemented yet, so a valid call provisions the session (its storage is mounted and available, as at
// invocation time on the real service) and then answers RuntimeClientError, the error the real service gives when
// the agent container fails.
import { AwsError } from '../../errors.ts';
import type { Operation } from '../../types.ts';
import { FieldChecker } from '../../validate.ts';
import type { DataContext } from './context.ts';
import { readSessionTarget } from './common.ts';

export const PAYLOAD_MAX_BYTES = 100_000_000;

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
    const events = await ctx.sessions.runCommand(runtime, target.runtimeSessionId, 'true', 10);
    for await (const _ of events) {
      // provisioning only
    }
    throw new AwsError(
      'RuntimeClientError',
      'The emulator does not run agent processes yet: use InvokeAgentRuntimeCommand to act on the session.',
    );
  },
};

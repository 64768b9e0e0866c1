// StopRuntimeSession: terminates the session's compute now; its storage is flushed to the store on the way down.
import { AwsError } from '../../../aws/errors.ts';
import { json, type Operation } from '../../types.ts';
import { FieldChecker } from '../../../aws/field-checker.ts';
import { jsonObjectBody } from '../../../aws/json-body.ts';
import type { DataContext } from '../context.ts';
import { readSessionTarget, SESSION_HEADER } from './session-target.ts';

const CLIENT_TOKEN = { min: 33, max: 256, pattern: /[a-zA-Z0-9](-*[a-zA-Z0-9]){0,256}/ };

export const stopRuntimeSession: Operation<DataContext> = {
  name: 'StopRuntimeSession',
  method: 'POST',
  path: '/runtimes/{agentRuntimeArn}/stopruntimesession',
  async handle(req, ctx) {
    const c = new FieldChecker();
    const target = readSessionTarget(req, c, ctx, { required: true });
    const body = jsonObjectBody(req.body);
    c.string('clientToken', body['clientToken'], CLIENT_TOKEN);
    c.done();
    const runtime = ctx.runtimes.resolve(target.agentRuntimeArn, target.qualifier, target.accountId);
    const outcome = await ctx.sessions.stop(runtime, target.runtimeSessionId);
    // A session id this runtime has never seen is not found; stopping an already stopped session is a no-op.
    if (outcome === 'unknown') throw new AwsError('ResourceNotFoundException', `Session ${target.runtimeSessionId} not found`);
    return json(200, {}, { [SESSION_HEADER]: target.runtimeSessionId });
  },
};

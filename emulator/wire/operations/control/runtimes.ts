// CreateAgentRuntime, GetAgentRuntime, UpdateAgentRuntime, DeleteAgentRuntime.
import { json, type Operation } from '../../types.ts';
import type { ControlContext } from '../context.ts';
import { renderCreatedRuntime, renderRuntime, renderUpdatedRuntime } from '../../../control/render.ts';
import { checkClientToken, checkVersion } from '../../../control/validate-common.ts';
import { parseCreateRuntime, parseUpdateRuntime } from '../../../control/validate-runtime.ts';
import { jsonObjectBody } from '../../../aws/json-body.ts';
import { FieldChecker } from '../../../aws/field-checker.ts';
import { labels } from './request.ts';

export const createAgentRuntime: Operation<ControlContext> = {
  name: 'CreateAgentRuntime',
  method: 'PUT',
  path: '/runtimes/',
  handle(req, ctx) {
    const input = parseCreateRuntime(jsonObjectBody(req.body), new FieldChecker());
    return json(202, renderCreatedRuntime(ctx.runtimes.createRuntime(input)));
  },
};

export const getAgentRuntime: Operation<ControlContext> = {
  name: 'GetAgentRuntime',
  method: 'GET',
  path: '/runtimes/{agentRuntimeId}/',
  handle(req, ctx) {
    const c = new FieldChecker();
    const { agentRuntimeId } = labels(req, c);
    const version = req.query.get('version') ?? undefined;
    checkVersion(c, 'agentRuntimeVersion', version);
    c.done();
    return json(200, renderRuntime(ctx.runtimes.getRuntime(agentRuntimeId, version)));
  },
};

export const updateAgentRuntime: Operation<ControlContext> = {
  name: 'UpdateAgentRuntime',
  method: 'PUT',
  path: '/runtimes/{agentRuntimeId}/',
  async handle(req, ctx) {
    const c = new FieldChecker();
    const { agentRuntimeId } = labels(req, c);
    const body = jsonObjectBody(req.body);
    const input = parseUpdateRuntime(body, c);
    let configuration = input.configuration;
    if (ctx.deviations?.has('empty-array-keeps-storage') && Array.isArray(body.filesystemConfigurations) && body.filesystemConfigurations.length === 0) {
      const previous = ctx.runtimes.getRuntime(agentRuntimeId).configuration.filesystemConfigurations;
      configuration = { ...configuration, ...(previous ? { filesystemConfigurations: previous } : {}) };
    }
    const view = await ctx.runtimes.updateRuntime(agentRuntimeId, configuration, input.clientToken);
    return json(202, renderUpdatedRuntime(view));
  },
};

export const deleteAgentRuntime: Operation<ControlContext> = {
  name: 'DeleteAgentRuntime',
  method: 'DELETE',
  path: '/runtimes/{agentRuntimeId}/',
  async handle(req, ctx) {
    const c = new FieldChecker();
    const { agentRuntimeId } = labels(req, c);
    const version = req.query.get('version') ?? undefined;
    checkVersion(c, 'agentRuntimeVersion', version);
    checkClientToken(c, req.query.get('clientToken') ?? undefined);
    c.done();
    const deleted = await ctx.runtimes.deleteRuntime(agentRuntimeId, version);
    return json(202, { status: 'DELETING', ...deleted });
  },
};

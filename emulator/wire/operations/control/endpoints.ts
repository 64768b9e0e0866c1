// The five AgentRuntimeEndpoint operations. DEFAULT is readable like any endpoint; updating or deleting it is a
// ValidationException and creating one named DEFAULT a ConflictException (see emulator/control/endpoints.ts).
import { json, type Operation } from '../../types.ts';
import type { ControlContext } from '../context.ts';
import { renderCreatedEndpoint, renderEndpoint, renderUpdatedEndpoint } from '../../../control/render.ts';
import { checkClientToken } from '../../../control/validate-common.ts';
import { parseCreateEndpoint, parseUpdateEndpoint } from '../../../control/validate-endpoint.ts';
import { jsonObjectBody } from '../../../aws/json-body.ts';
import { FieldChecker } from '../../../aws/field-checker.ts';
import { labels, pageRequest } from './request.ts';

const COLLECTION = '/runtimes/{agentRuntimeId}/runtime-endpoints/';
const ITEM = `${COLLECTION}{endpointName}/`;

export const createAgentRuntimeEndpoint: Operation<ControlContext> = {
  name: 'CreateAgentRuntimeEndpoint',
  method: 'PUT',
  path: COLLECTION,
  handle(req, ctx) {
    const c = new FieldChecker();
    const { agentRuntimeId } = labels(req, c);
    const input = parseCreateEndpoint(jsonObjectBody(req.body), c);
    return json(202, renderCreatedEndpoint(ctx.runtimes.createEndpoint(agentRuntimeId, input)));
  },
};

export const getAgentRuntimeEndpoint: Operation<ControlContext> = {
  name: 'GetAgentRuntimeEndpoint',
  method: 'GET',
  path: ITEM,
  handle(req, ctx) {
    const c = new FieldChecker();
    const { agentRuntimeId, endpointName } = labels(req, c);
    c.done();
    return json(200, renderEndpoint(ctx.runtimes.getEndpoint(agentRuntimeId, endpointName)));
  },
};

export const updateAgentRuntimeEndpoint: Operation<ControlContext> = {
  name: 'UpdateAgentRuntimeEndpoint',
  method: 'PUT',
  path: ITEM,
  handle(req, ctx) {
    const c = new FieldChecker();
    const { agentRuntimeId, endpointName } = labels(req, c);
    const input = parseUpdateEndpoint(jsonObjectBody(req.body), c);
    return json(202, renderUpdatedEndpoint(ctx.runtimes.updateEndpoint(agentRuntimeId, endpointName, input)));
  },
};

export const deleteAgentRuntimeEndpoint: Operation<ControlContext> = {
  name: 'DeleteAgentRuntimeEndpoint',
  method: 'DELETE',
  path: ITEM,
  async handle(req, ctx) {
    const c = new FieldChecker();
    const { agentRuntimeId, endpointName } = labels(req, c);
    checkClientToken(c, req.query.get('clientToken') ?? undefined);
    c.done();
    return json(202, { status: 'DELETING', ...(await ctx.runtimes.deleteEndpoint(agentRuntimeId, endpointName)) });
  },
};

export const listAgentRuntimeEndpoints: Operation<ControlContext> = {
  name: 'ListAgentRuntimeEndpoints',
  method: 'POST',
  path: COLLECTION,
  handle(req, ctx) {
    const c = new FieldChecker();
    const { agentRuntimeId } = labels(req, c);
    const page = pageRequest(req, c);
    c.done();
    const result = ctx.runtimes.listEndpoints(agentRuntimeId, page);
    return json(200, {
      runtimeEndpoints: result.items.map(renderEndpoint),
      ...(result.nextToken !== undefined ? { nextToken: result.nextToken } : {}),
    });
  },
};

// Request bodies of CreateAgentRuntimeEndpoint and UpdateAgentRuntimeEndpoint.
import type { FieldChecker } from '../aws/field-checker.ts';
import { CONSTRAINTS } from './constraints.ts';
import type { CreateEndpointInput, EndpointInput } from './registry-api.ts';
import { checkClientToken, checkTags, checkVersion } from './validate-common.ts';

export function parseCreateEndpoint(body: Record<string, unknown>, c: FieldChecker): CreateEndpointInput {
  if (c.required('name', body.name)) c.string('name', body.name, CONSTRAINTS.endpointName);
  checkTags(c, body.tags);
  const rest = parseUpdateEndpoint(body, c);
  return {
    name: body.name as string,
    ...rest,
    ...(body.tags !== undefined && body.tags !== null ? { tags: structuredClone(body.tags) as Record<string, string> } : {}),
  };
}

export function parseUpdateEndpoint(body: Record<string, unknown>, c: FieldChecker): EndpointInput {
  checkVersion(c, 'agentRuntimeVersion', body.agentRuntimeVersion);
  c.string('description', body.description, CONSTRAINTS.endpointDescription);
  checkClientToken(c, body.clientToken);
  c.done();
  const out: { -readonly [K in keyof EndpointInput]: EndpointInput[K] } = {};
  if (typeof body.agentRuntimeVersion === 'string') out.agentRuntimeVersion = body.agentRuntimeVersion;
  if (typeof body.description === 'string') out.description = body.description;
  if (typeof body.clientToken === 'string') out.clientToken = body.clientToken;
  return out;
}

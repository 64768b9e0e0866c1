// Request bodies of CreateAgentRuntime and UpdateAgentRuntime. Both carry a full runtime configuration (Update is a
// PUT, not a patch); Create adds the name and tags, Update adds metadataConfiguration. Members the model (botocore
// 1.43.67) does not define are ignored at every level, as the service does; wrong types and constraint failures are
// collected and thrown as one ValidationException by `c.done()`.
import type { FieldChecker } from '../aws/field-checker.ts';
import { CONSTRAINTS, ENUMS, RANGES } from './constraints.ts';
import type { CreateRuntimeInput, RuntimeConfiguration, Structure } from './registry-api.ts';
import { checkAuthorizer, checkRequestHeaders } from './validate-access.ts';
import { checkArtifact, checkNetwork } from './validate-artifact.ts';
import { checkClientToken, checkStringMap, checkTags } from './validate-common.ts';
import { checkFilesystemConfigurations } from './validate-filesystem.ts';
import { prune, RUNTIME_CONFIGURATION } from './modelled-members.ts';

export interface UpdateRuntimeInput {
  readonly configuration: RuntimeConfiguration;
  readonly clientToken?: string;
}

export function parseCreateRuntime(body: Record<string, unknown>, c: FieldChecker): CreateRuntimeInput {
  if (c.required('agentRuntimeName', body.agentRuntimeName))
    c.string('agentRuntimeName', body.agentRuntimeName, CONSTRAINTS.agentRuntimeName);
  checkTags(c, body.tags);
  // metadataConfiguration is not a Create member: ignored like any unknown member.
  const configuration = checkConfiguration(c, { ...body, metadataConfiguration: undefined });
  c.done();
  return {
    agentRuntimeName: body.agentRuntimeName as string,
    configuration,
    ...(body.tags !== undefined && body.tags !== null ? { tags: freeze(structuredClone(body.tags) as Record<string, string>) } : {}),
    ...optionalToken(body),
  };
}

export function parseUpdateRuntime(body: Record<string, unknown>, c: FieldChecker): UpdateRuntimeInput {
  const configuration = checkConfiguration(c, body);
  c.done();
  return { configuration, ...optionalToken(body) };
}

/** Validates the shared configuration members and returns them as an immutable value (meaningful only if valid). */
function checkConfiguration(c: FieldChecker, body: Record<string, unknown>): RuntimeConfiguration {
  c.required('agentRuntimeArtifact', body.agentRuntimeArtifact);
  checkArtifact(c, body.agentRuntimeArtifact);
  if (c.required('roleArn', body.roleArn)) c.string('roleArn', body.roleArn, CONSTRAINTS.roleArn);
  checkNetwork(c, body.networkConfiguration);
  c.string('description', body.description, CONSTRAINTS.description);
  checkAuthorizer(c, body.authorizerConfiguration);
  checkRequestHeaders(c, body.requestHeaderConfiguration);
  checkProtocol(c, body.protocolConfiguration);
  checkLifecycle(c, body.lifecycleConfiguration);
  checkMetadata(c, body.metadataConfiguration);
  checkStringMap(
    c,
    'environmentVariables',
    body.environmentVariables,
    RANGES.environmentVariables,
    CONSTRAINTS.environmentVariableKey,
    CONSTRAINTS.environmentVariableValue,
  );
  const instances = checkCapacityProvider(c, body.capacityProviderConfiguration);
  const networkMode = isRecord(body.networkConfiguration) ? body.networkConfiguration.networkMode : 'PUBLIC';
  const filesystems = checkFilesystemConfigurations(c, body.filesystemConfigurations, { networkMode, instances });
  checkClientToken(c, body.clientToken);

  // Only modelled members are kept (modelled-members.ts): the service ignores the others and never echoes them.
  const kept: Record<string, unknown> = {};
  for (const [k, member] of Object.entries(RUNTIME_CONFIGURATION)) {
    if (k !== 'filesystemConfigurations' && body[k] !== undefined && body[k] !== null) kept[k] = prune(body[k], member);
  }
  return freeze({
    ...kept,
    // The service treats an omitted network configuration as public networking, and Get reports it.
    networkConfiguration: (kept.networkConfiguration as Structure | undefined) ?? { networkMode: 'PUBLIC' },
    ...(filesystems ? { filesystemConfigurations: filesystems } : {}),
  } as unknown as RuntimeConfiguration);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkProtocol(c: FieldChecker, value: unknown): void {
  if (!c.object('protocolConfiguration', value)) return;
  const at = 'protocolConfiguration.serverProtocol';
  if (c.required(at, value.serverProtocol)) c.enumeration(at, value.serverProtocol, ENUMS.ServerProtocol);
}

function checkLifecycle(c: FieldChecker, value: unknown): void {
  const name = 'lifecycleConfiguration';
  if (!c.object(name, value)) return;
  const { idleRuntimeSessionTimeout: idle, maxLifetime: max } = value;
  const idleOk = c.int(`${name}.idleRuntimeSessionTimeout`, idle, RANGES.idleRuntimeSessionTimeout);
  const maxOk = c.int(`${name}.maxLifetime`, max, RANGES.maxLifetime);
  // Only both-given can conflict: an omitted idle defaults to min(900, maxLifetime), an omitted max to the ceiling.
  if (idleOk && maxOk && idle > max)
    c.fail(`${name}.idleRuntimeSessionTimeout`, idle, `Member must be less than or equal to maxLifetime (${max})`);
}

function checkMetadata(c: FieldChecker, value: unknown): void {
  if (!c.object('metadataConfiguration', value)) return;
  const at = 'metadataConfiguration.requireMMDSV2';
  if (c.required(at, value.requireMMDSV2)) c.boolean(at, value.requireMMDSV2);
}

/** Returns whether the request names a capacity provider (an Instances runtime). */
function checkCapacityProvider(c: FieldChecker, value: unknown): boolean {
  if (!c.object('capacityProviderConfiguration', value)) return false;
  c.string('capacityProviderConfiguration.capacityProviderArn', value.capacityProviderArn, CONSTRAINTS.capacityProviderArn);
  return true;
}

const optionalToken = (body: Record<string, unknown>): { clientToken?: string } =>
  typeof body.clientToken === 'string' ? { clientToken: body.clientToken } : {};

/** Versions are immutable: freeze deeply so no caller can edit a stored configuration through a returned view. */
export function freeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) freeze(v);
  }
  return value;
}

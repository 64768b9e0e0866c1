// Identifiers and ARNs of runtimes and endpoints. Only the current `runtime/` ARN form is produced or accepted; the
// pre-GA `agent/<uuid>` form seen in old docs never comes back from the real service.

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `<name>-<10 alphanumerics>`, the shape the model's AgentRuntimeId pattern requires. */
export function newRuntimeId(name: string, random: () => number): string {
  let suffix = '';
  for (let i = 0; i < 10; i++) suffix += ALPHANUMERIC[Math.floor(random() * ALPHANUMERIC.length) % ALPHANUMERIC.length];
  return `${name}-${suffix}`;
}

export const runtimeArn = (region: string, accountId: string, agentRuntimeId: string): string =>
  `arn:aws:bedrock-agentcore:${region}:${accountId}:runtime/${agentRuntimeId}`;

export const endpointArn = (agentRuntimeArn: string, endpointName: string): string =>
  `${agentRuntimeArn}/runtime-endpoint/${endpointName}`;

export const workloadIdentityArn = (region: string, accountId: string, agentRuntimeId: string): string =>
  `arn:aws:bedrock-agentcore:${region}:${accountId}:workload-identity-directory/default/workload-identity/${agentRuntimeId}`;

/** The runtime ARN pattern from the API reference (AgentRuntime.agentRuntimeArn). */
const RUNTIME_ARN_PATTERN =
  /^arn:aws(-[^:]+)?:bedrock-agentcore:([a-z0-9-]+):([0-9]{12}):runtime\/([a-zA-Z][a-zA-Z0-9_]{0,47}-[a-zA-Z0-9]{10})$/;

const ENDPOINT_ARN_PATTERN = /^arn:aws(-[^:]+)?:bedrock-agentcore:[a-z0-9-]+:[0-9]{12}:runtime\/[^/]+\/runtime-endpoint\/[^/]+$/;

export interface ParsedRuntimeArn {
  readonly region: string;
  readonly accountId: string;
  readonly agentRuntimeId: string;
}

export function parseRuntimeArn(arn: string): ParsedRuntimeArn | undefined {
  const m = RUNTIME_ARN_PATTERN.exec(arn);
  return m ? { region: m[2]!, accountId: m[3]!, agentRuntimeId: m[4]! } : undefined;
}

export const isEndpointArn = (arn: string): boolean => ENDPOINT_ARN_PATTERN.test(arn);

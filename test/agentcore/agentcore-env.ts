// The environment a sandbox-account run uses (SSC_TARGET=agentcore, region, credentials, a container URI and role),
// with the standard SDK endpoint variables pointing at an emulator: how the AgentCore path is tested without AWS.
export function agentCoreEnv(endpoint: string, runId: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    SSC_TARGET: 'agentcore',
    // The emulator enforces its own profile's limits; the AgentCore path is what is under test here, not the limits.
    SSC_PROFILE: 'emulator',
    SSC_RUN_ID: runId,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_BEDROCK_AGENTCORE: endpoint,
    AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL: endpoint,
    SSC_CONTAINER_URI: '123456789012.dkr.ecr.us-east-1.amazonaws.com/ssc-probe:latest',
    SSC_ROLE_ARN: 'arn:aws:iam::123456789012:role/ssc',
    ...extra,
  };
}

/** Arms `count` injected failures of `operation` on the emulator (POST /_ssc/faults). */
export async function injectFault(endpoint: string, operation: string, error: string, count: number): Promise<void> {
  const res = await fetch(`${endpoint}/_ssc/faults`, { method: 'POST', body: JSON.stringify({ operation, error, count }) });
  if (!res.ok) throw new Error(`arming ${error} on ${operation} failed: ${res.status} ${await res.text()}`);
}

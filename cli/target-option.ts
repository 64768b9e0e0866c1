// How the commands that talk to a target (sweep, canary) reach it: an emulator at `--endpoint URL` (dummy
// credentials), else AgentCore as the suites reach it (AWS_REGION, the credential chain, the endpoint variables).
import { resolveAgentCoreConfig, type TargetConfig } from '../fixtures/target-config.ts';
import { UsageError } from './command.ts';

export function targetFromOptions(endpoint: string | undefined, env: Readonly<Record<string, string | undefined>> = process.env): TargetConfig {
  if (endpoint === undefined) return resolveAgentCoreConfig(env);
  if (!/^https?:\/\/\S+$/.test(endpoint)) throw new UsageError(`Expected --endpoint to be an http(s) URL, got '${endpoint}'`);
  return { kind: 'emulator', endpoint, region: env.AWS_REGION || 'us-east-1' };
}

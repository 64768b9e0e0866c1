// The structures that say what runs and where: `agentRuntimeArtifact` (container image or managed-runtime code
// bundle) and `networkConfiguration`.
import type { FieldChecker } from '../aws/field-checker.ts';
import { CONSTRAINTS, ENUMS, RANGES } from './constraints.ts';
import { checkStringList } from './validate-common.ts';

export function checkArtifact(c: FieldChecker, value: unknown): void {
  const name = 'agentRuntimeArtifact';
  const kind = c.union(name, value, ['containerConfiguration', 'codeConfiguration']);
  if (!kind) return;
  const inner = (value as Record<string, unknown>)[kind];
  const at = `${name}.${kind}`;
  if (!c.object(at, inner)) return;
  if (kind === 'containerConfiguration') {
    if (c.required(`${at}.containerUri`, inner.containerUri)) c.string(`${at}.containerUri`, inner.containerUri, CONSTRAINTS.containerUri);
    return;
  }
  checkCode(c, `${at}.code`, inner.code);
  if (c.required(`${at}.runtime`, inner.runtime)) c.enumeration(`${at}.runtime`, inner.runtime, ENUMS.AgentManagedRuntimeType);
  if (c.required(`${at}.entryPoint`, inner.entryPoint))
    checkStringList(c, `${at}.entryPoint`, inner.entryPoint, RANGES.entryPoints, CONSTRAINTS.entryPoint);
}

function checkCode(c: FieldChecker, name: string, value: unknown): void {
  if (!c.required(name, value)) return;
  if (!c.union(name, value, ['s3'])) return;
  const s3 = (value as Record<string, unknown>).s3;
  const at = `${name}.s3`;
  if (!c.object(at, s3)) return;
  if (c.required(`${at}.bucket`, s3.bucket)) c.string(`${at}.bucket`, s3.bucket, CONSTRAINTS.s3Bucket);
  if (c.required(`${at}.prefix`, s3.prefix)) c.string(`${at}.prefix`, s3.prefix, CONSTRAINTS.s3Prefix);
  c.string(`${at}.versionId`, s3.versionId, CONSTRAINTS.s3VersionId);
}

/** `networkConfiguration`; VPC mode needs the VPC to attach to. */
export function checkNetwork(c: FieldChecker, value: unknown): void {
  const name = 'networkConfiguration';
  if (!c.object(name, value)) return;
  const mode = value.networkMode;
  if (c.required(`${name}.networkMode`, mode)) c.enumeration(`${name}.networkMode`, mode, ENUMS.NetworkMode);
  const vpc = value.networkModeConfig;
  if (mode === 'VPC') c.required(`${name}.networkModeConfig`, vpc);
  const at = `${name}.networkModeConfig`;
  if (!c.object(at, vpc)) return;
  if (c.required(`${at}.securityGroups`, vpc.securityGroups))
    checkStringList(c, `${at}.securityGroups`, vpc.securityGroups, RANGES.securityGroups, CONSTRAINTS.securityGroupId);
  if (c.required(`${at}.subnets`, vpc.subnets))
    checkStringList(c, `${at}.subnets`, vpc.subnets, RANGES.subnets, CONSTRAINTS.subnetId);
  c.boolean(`${at}.requireServiceS3Endpoint`, vpc.requireServiceS3Endpoint);
}

// The custom JWT authorizer's private reach: `privateEndpoint` (a VPC Lattice resource or a VPC endpoint AgentCore
// manages), `privateEndpointOverrides` (per discovery domain) and `allowedWorkloadConfiguration`. The emulator
// reaches no identity provider, so it only validates and echoes them.
import type { FieldChecker } from '../aws/field-checker.ts';
import { CONSTRAINTS, ENUMS, RANGES } from './constraints.ts';
import { checkStringList, checkTags } from './validate-common.ts';

export function checkPrivateEndpoint(c: FieldChecker, at: string, value: unknown): void {
  const kind = c.union(at, value, ['selfManagedLatticeResource', 'managedVpcResource']);
  if (!kind) return;
  const inner = (value as Record<string, unknown>)[kind];
  const path = `${at}.${kind}`;
  if (kind === 'selfManagedLatticeResource') {
    if (!c.union(path, inner, ['resourceConfigurationIdentifier'])) return;
    const id = (inner as Record<string, unknown>).resourceConfigurationIdentifier;
    c.string(`${path}.resourceConfigurationIdentifier`, id, CONSTRAINTS.resourceConfigurationIdentifier);
    return;
  }
  if (!c.object(path, inner)) return;
  if (c.required(`${path}.vpcIdentifier`, inner.vpcIdentifier)) c.string(`${path}.vpcIdentifier`, inner.vpcIdentifier, CONSTRAINTS.vpcIdentifier);
  if (c.required(`${path}.subnetIds`, inner.subnetIds)) checkStringList(c, `${path}.subnetIds`, inner.subnetIds, {}, CONSTRAINTS.subnetId);
  if (c.required(`${path}.endpointIpAddressType`, inner.endpointIpAddressType))
    c.enumeration(`${path}.endpointIpAddressType`, inner.endpointIpAddressType, ENUMS.EndpointIpAddressType);
  checkStringList(c, `${path}.securityGroupIds`, inner.securityGroupIds, RANGES.securityGroupIds, CONSTRAINTS.securityGroupIdentifier);
  checkTags(c, inner.tags, `${path}.tags`);
  c.string(`${path}.routingDomain`, inner.routingDomain, CONSTRAINTS.routingDomain);
}

export function checkPrivateEndpointOverrides(c: FieldChecker, at: string, value: unknown): void {
  if (!c.list(at, value, RANGES.privateEndpointOverrides)) return;
  value.forEach((o, i) => {
    const el = `${at}.${i + 1}.member`;
    if (!c.required(el, o) || !c.object(el, o)) return;
    if (c.required(`${el}.domain`, o.domain)) c.string(`${el}.domain`, o.domain, CONSTRAINTS.privateEndpointDomain);
    if (c.required(`${el}.privateEndpoint`, o.privateEndpoint)) checkPrivateEndpoint(c, `${el}.privateEndpoint`, o.privateEndpoint);
  });
}

export function checkAllowedWorkloads(c: FieldChecker, at: string, value: unknown): void {
  if (!c.object(at, value)) return;
  const hosts = value.hostingEnvironments;
  if (c.list(`${at}.hostingEnvironments`, hosts, RANGES.hostingEnvironments)) {
    hosts.forEach((h, i) => {
      const el = `${at}.hostingEnvironments.${i + 1}.member`;
      if (!c.required(el, h) || !c.object(el, h)) return;
      if (c.required(`${el}.arn`, h.arn)) c.string(`${el}.arn`, h.arn, CONSTRAINTS.hostingEnvironmentArn);
    });
  }
  checkStringList(c, `${at}.workloadIdentities`, value.workloadIdentities, RANGES.workloadIdentities, CONSTRAINTS.workloadIdentityName);
}

// Who may call the runtime and what reaches it: `authorizerConfiguration` (custom JWT) and
// `requestHeaderConfiguration` (headers forwarded to the agent). The emulator does not enforce either; it only
// validates and echoes them, so clients see the same errors as against AWS.
import type { FieldChecker } from '../aws/field-checker.ts';
import { CONSTRAINTS, ENUMS, RANGES } from './constraints.ts';
import { checkStringList, checkStringMap } from './validate-common.ts';
import { checkAllowedWorkloads, checkPrivateEndpoint, checkPrivateEndpointOverrides } from './validate-private-endpoint.ts';

export function checkAuthorizer(c: FieldChecker, value: unknown): void {
  const name = 'authorizerConfiguration';
  if (!c.union(name, value, ['customJWTAuthorizer'])) return;
  const at = `${name}.customJWTAuthorizer`;
  const jwt = (value as Record<string, unknown>).customJWTAuthorizer;
  if (!c.object(at, jwt)) return;
  if (c.required(`${at}.discoveryUrl`, jwt.discoveryUrl)) c.string(`${at}.discoveryUrl`, jwt.discoveryUrl, CONSTRAINTS.discoveryUrl);
  checkStringList(c, `${at}.allowedAudience`, jwt.allowedAudience, RANGES.allowedAudience, {});
  checkStringList(c, `${at}.allowedClients`, jwt.allowedClients, RANGES.allowedClients, {});
  checkStringList(c, `${at}.allowedScopes`, jwt.allowedScopes, RANGES.allowedScopes, CONSTRAINTS.allowedScope);
  const scope = CONSTRAINTS.allowedScope;
  checkStringMap(c, `${at}.advertisedScopeMapping`, jwt.advertisedScopeMapping, RANGES.advertisedScopeMapping, scope, scope);
  checkPrivateEndpoint(c, `${at}.privateEndpoint`, jwt.privateEndpoint);
  checkPrivateEndpointOverrides(c, `${at}.privateEndpointOverrides`, jwt.privateEndpointOverrides);
  checkAllowedWorkloads(c, `${at}.allowedWorkloadConfiguration`, jwt.allowedWorkloadConfiguration);
  const claims = jwt.customClaims;
  if (!c.list(`${at}.customClaims`, claims, RANGES.customClaims)) return;
  claims.forEach((claim, i) => checkClaim(c, `${at}.customClaims.${i + 1}.member`, claim));
}

function checkClaim(c: FieldChecker, at: string, claim: unknown): void {
  if (!c.required(at, claim) || !c.object(at, claim)) return;
  if (c.required(`${at}.inboundTokenClaimName`, claim.inboundTokenClaimName))
    c.string(`${at}.inboundTokenClaimName`, claim.inboundTokenClaimName, CONSTRAINTS.claimName);
  if (c.required(`${at}.inboundTokenClaimValueType`, claim.inboundTokenClaimValueType))
    c.enumeration(`${at}.inboundTokenClaimValueType`, claim.inboundTokenClaimValueType, ENUMS.InboundTokenClaimValueType);
  const match = claim.authorizingClaimMatchValue;
  const mAt = `${at}.authorizingClaimMatchValue`;
  if (!c.required(mAt, match) || !c.object(mAt, match)) return;
  if (c.required(`${mAt}.claimMatchOperator`, match.claimMatchOperator))
    c.enumeration(`${mAt}.claimMatchOperator`, match.claimMatchOperator, ENUMS.ClaimMatchOperatorType);
  const vAt = `${mAt}.claimMatchValue`;
  if (!c.required(vAt, match.claimMatchValue)) return;
  const kind = c.union(vAt, match.claimMatchValue, ['matchValueString', 'matchValueStringList']);
  const v = (match.claimMatchValue as Record<string, unknown>)[kind ?? ''];
  if (kind === 'matchValueString') c.string(`${vAt}.matchValueString`, v, CONSTRAINTS.matchValueString);
  if (kind === 'matchValueStringList')
    checkStringList(c, `${vAt}.matchValueStringList`, v, RANGES.matchValueStringList, CONSTRAINTS.matchValueString);
}

export function checkRequestHeaders(c: FieldChecker, value: unknown): void {
  const name = 'requestHeaderConfiguration';
  if (!c.union(name, value, ['requestHeaderAllowlist'])) return;
  const list = (value as Record<string, unknown>).requestHeaderAllowlist;
  checkStringList(c, `${name}.requestHeaderAllowlist`, list, RANGES.requestHeaderAllowlist, CONSTRAINTS.headerName);
}

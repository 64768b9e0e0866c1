// Request plumbing shared by the control-plane operations: path labels and list paging. All label and query checks
// go through one FieldChecker per request so every problem is reported at once.
import type { FieldChecker } from '../../../aws/field-checker.ts';
import type { WireRequest } from '../../types.ts';
import type { PageRequest } from '../../../control/registry-api.ts';
import { checkEndpointNameLabel, checkMaxResults, checkNextToken, checkRuntimeIdLabel } from '../../../control/validate-common.ts';

/** `{agentRuntimeId}` (and `{endpointName}` when the route has it), checked on `c`. */
export function labels(req: WireRequest, c: FieldChecker): { agentRuntimeId: string; endpointName: string } {
  checkRuntimeIdLabel(c, req.params.agentRuntimeId);
  if ('endpointName' in req.params) checkEndpointNameLabel(c, req.params.endpointName);
  return { agentRuntimeId: req.params.agentRuntimeId ?? '', endpointName: req.params.endpointName ?? '' };
}

/** `?maxResults=&nextToken=` of the List* operations. */
export function pageRequest(req: WireRequest, c: FieldChecker): PageRequest {
  const maxResults = checkMaxResults(c, req.query.get('maxResults'));
  const nextToken = checkNextToken(c, req.query.get('nextToken'));
  return { ...(maxResults !== undefined ? { maxResults } : {}), ...(nextToken !== undefined ? { nextToken } : {}) };
}

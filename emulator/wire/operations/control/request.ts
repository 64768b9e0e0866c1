// Request plumbing shared by the control-plane operations: JSON body parsing, path labels and list paging. All
// label and query checks go through one FieldChecker per request so every problem is reported at once.
import { cannotParse } from '../../../aws/errors.ts';
import { FieldChecker } from '../../../aws/field-checker.ts';
import type { WireRequest } from '../../types.ts';
import type { PageRequest } from '../../../control/registry-views.ts';
import { checkEndpointNameLabel, checkMaxResults, checkNextToken, checkRuntimeIdLabel } from '../../../control/validate-common.ts';

/** The body as a JSON object. An empty body counts as `{}` so missing members surface as field errors. */
export function jsonBody(req: WireRequest): Record<string, unknown> {
  const text = req.body.toString('utf8');
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw cannotParse(`Could not parse request body into json: ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw cannotParse('Could not parse request body into json: expected a JSON object');
  return parsed as Record<string, unknown>;
}

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

export const newChecker = (): FieldChecker => new FieldChecker();

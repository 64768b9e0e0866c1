// Input handling shared by the three runtime-session operations: the session-id header, the runtime label,
// qualifier and accountId. Constraints from the bedrock-agentcore model (2024-02-28).
import { randomUUID } from 'node:crypto';
import type { FieldChecker } from '../../../aws/field-checker.ts';
import type { WireRequest } from '../../types.ts';
import type { DataContext } from '../context.ts';

export const SESSION_HEADER = 'x-amzn-bedrock-agentcore-runtime-session-id';
const SESSION_ID = { min: 33, max: 256 } as const;
const ACCOUNT_ID = /[0-9]{12}/;

export interface SessionTarget {
  agentRuntimeArn: string;
  runtimeSessionId: string;
  qualifier: string | undefined;
  accountId: string | undefined;
}

/**
 * Reads and checks the session-addressing inputs. `required: false` mirrors the SDK's idempotency-token behaviour for
 * Invoke and InvokeCommand: a caller that sends no session id gets a new one.
 */
export function readSessionTarget(req: WireRequest, c: FieldChecker, ctx: DataContext, o: { required: boolean }): SessionTarget {
  const header = req.headers[SESSION_HEADER];
  const raw = Array.isArray(header) ? header[0] : header;
  if (o.required) c.required('runtimeSessionId', raw);
  const runtimeSessionId = raw ?? randomUUID();
  const lenient = ctx.deviations.has('lenient-session-id');
  c.string('runtimeSessionId', runtimeSessionId, lenient ? { min: 1, max: SESSION_ID.max } : SESSION_ID);
  const accountId = req.query.get('accountId') ?? undefined;
  c.string('accountId', accountId, { pattern: ACCOUNT_ID });
  return {
    agentRuntimeArn: req.params['agentRuntimeArn'] ?? '',
    runtimeSessionId,
    qualifier: req.query.get('qualifier') ?? undefined,
    accountId,
  };
}

// Pure: which headers travel between the caller and the agent (runtime HTTP contract). The platform forwards the
// session and user ids, allow-listed custom headers, the MCP and tracing headers, and the payload's content type;
// it answers with the agent's content type and echoes the session, MCP and tracing headers.
import type { IncomingHttpHeaders } from 'node:http';

const SESSION_ID_HEADER = 'x-amzn-bedrock-agentcore-runtime-session-id';
const CUSTOM_PREFIX = 'x-amzn-bedrock-agentcore-runtime-custom-';
const FORWARDED = [
  'content-type',
  'accept',
  'x-amzn-bedrock-agentcore-runtime-user-id',
  'mcp-session-id',
  'mcp-protocol-version',
  'mcp-method',
  'mcp-name',
  'x-amzn-trace-id',
  'traceparent',
  'tracestate',
  'baggage',
] as const;
const ECHOED = ['mcp-session-id', 'mcp-protocol-version', 'x-amzn-trace-id', 'traceparent', 'tracestate', 'baggage'] as const;

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/** Headers of the request to the agent's POST /invocations. */
export function agentRequestHeaders(caller: IncomingHttpHeaders, runtimeSessionId: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of FORWARDED) {
    const v = first(caller[name]);
    if (v !== undefined) out[name] = v;
  }
  for (const [name, v] of Object.entries(caller)) if (name.startsWith(CUSTOM_PREFIX) && first(v) !== undefined) out[name] = first(v)!;
  // The SDK always sends one (an idempotency token), but the id the session runs under is the one that counts.
  out[SESSION_ID_HEADER] = runtimeSessionId;
  return out;
}

/** Headers of the answer to the caller: the agent's content type, the session id, and what the caller sent to echo. */
export function callerResponseHeaders(
  agent: IncomingHttpHeaders,
  caller: IncomingHttpHeaders,
  runtimeSessionId: string,
): Record<string, string> {
  const out: Record<string, string> = { 'content-type': first(agent['content-type']) ?? 'application/octet-stream' };
  for (const name of ECHOED) {
    const v = first(agent[name]) ?? first(caller[name]);
    if (v !== undefined) out[name] = v;
  }
  out[SESSION_ID_HEADER] = runtimeSessionId;
  return out;
}

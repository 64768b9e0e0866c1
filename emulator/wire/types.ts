// The typed boundary between the HTTP server and the operations. An operation never touches `http` objects: it gets
// a parsed WireRequest and returns a WireResponse the server serialises, so operations can be tested without sockets.
import type { IncomingHttpHeaders } from 'node:http';

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

export interface WireRequest {
  readonly method: HttpMethod;
  /** Decoded path parameters from the route template, e.g. `{ agentRuntimeId: 'a-0123456789' }`. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** Lower-cased header names, as node gives them. */
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly requestId: string;
  /** Aborted when the client goes away, so long-running operations can stop early. */
  readonly signal: AbortSignal;
}

/** One event-stream frame before encoding: a modelled event (`chunk`) or a modelled exception. */
export type StreamMessage =
  | { kind: 'event'; eventType: string; payload: unknown }
  | { kind: 'exception'; exceptionType: string; payload: unknown };

export type WireResponse =
  | { kind: 'json'; status: number; headers?: Record<string, string>; body?: unknown }
  | { kind: 'raw'; status: number; headers?: Record<string, string>; body: Buffer | AsyncIterable<Uint8Array> }
  | { kind: 'eventstream'; status: number; headers?: Record<string, string>; messages: AsyncIterable<StreamMessage> };

export interface Operation<Ctx> {
  /** The Smithy operation name, used in logs and errors. */
  readonly name: string;
  readonly method: HttpMethod;
  /** Path template as modelled, e.g. `/runtimes/{agentRuntimeId}/versions/`. */
  readonly path: string;
  handle(req: WireRequest, ctx: Ctx): Promise<WireResponse> | WireResponse;
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): WireResponse => ({
  kind: 'json',
  status,
  body,
  ...(headers ? { headers } : {}),
});

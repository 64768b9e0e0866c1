// The HTTP front of the emulator: one port for both planes. Fixed pipeline per request:
// read body → route → operation.handle → serialise. Every failure becomes an AWS-shaped error, never a hang.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { AwsError, isAwsError } from '../aws/errors.ts';
import { encodeStreamMessage, streamExceptionType } from './eventstream.ts';
import { loopbackPeerUid } from './peer-guard.ts';
import type { Router } from './router.ts';
import type { HttpMethod, WireRequest, WireResponse } from './types.ts';

/** InvokeAgentRuntime allows payloads up to 100 MB; nothing else comes close. */
const MAX_BODY_BYTES = 100 * 1024 * 1024 + 64 * 1024;

export interface WireLogger {
  error(message: string, cause?: unknown): void;
}

export interface WireServerOptions {
  /** Refuse connections from local sockets owned by these uids (the sandboxes'); see peer-guard.ts. */
  refusePeerUid?: (uid: number) => boolean;
}

const METHODS: readonly HttpMethod[] = ['GET', 'PUT', 'POST', 'DELETE'];

export function createWireServer<Ctx>(router: Router<Ctx>, ctx: Ctx, log: WireLogger, o: WireServerOptions = {}): Server {
  const server = createServer((req, res) => {
    void serve(router, ctx, log, req, res);
  });
  const refuse = o.refusePeerUid;
  if (refuse)
    server.on('connection', (socket) => {
      const uid = loopbackPeerUid(socket);
      if (uid !== undefined && refuse(uid)) socket.destroy();
    });
  // Bytes that are not HTTP (an unknown method, a body without framing, oversized headers) never reach serve():
  // answer them in the AWS shape too, instead of node's bare 400.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || err.code === 'ECONNRESET') return socket.destroy();
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const body = JSON.stringify({ message: `Malformed HTTP request (${err.code ?? 'parse error'})`, reason: 'CannotParse' });
    const head = [
      `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}`,
      `x-amzn-requestid: ${randomUUID()}`,
      'x-amzn-errortype: ValidationException',
      'content-type: application/json',
      `content-length: ${Buffer.byteLength(body)}`,
      'connection: close',
    ];
    // A HEAD request's answer has no body: a client reads any byte after the headers as a broken response. Where the
    // bytes node kept do not start the request (a long one arrives in several chunks), the method is unknown: no body.
    socket.end(`${head.join('\r\n')}\r\n\r\n${mayHaveBody(err) ? body : ''}`);
  });
  // Event streams of long commands must not be cut by node's default timeouts; the operations own their deadlines.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 5_000;
  return server;
}

/** Whether an answer to the unparsable request may carry a body: the bytes node kept start a request, not a HEAD. */
function mayHaveBody(err: NodeJS.ErrnoException & { rawPacket?: unknown }): boolean {
  if (!Buffer.isBuffer(err.rawPacket)) return false;
  const method = /^([A-Z]+) /.exec(err.rawPacket.subarray(0, 16).toString('latin1'))?.[1];
  return method !== undefined && method !== 'HEAD';
}

async function serve<Ctx>(router: Router<Ctx>, ctx: Ctx, log: WireLogger, req: IncomingMessage, res: ServerResponse) {
  const requestId = randomUUID();
  const abort = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  try {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = parseRequestTarget(req.url ?? '/');
    const route = router.match(method, req.url ?? '/');
    if (route.kind === 'bad-path') throw new AwsError('ValidationException', route.reason, { reason: 'CannotParse' });
    if (route.kind === 'not-found' || route.kind === 'method-not-allowed' || !METHODS.includes(method as HttpMethod)) {
      await drain(req);
      return sendJson(res, requestId, 404, { message: `No operation matches ${method} ${url.pathname}` }, 'UnknownOperationException');
    }
    const body = await readBody(req);
    const wireReq: WireRequest = {
      method: method as HttpMethod,
      params: route.params,
      query: url.searchParams,
      headers: req.headers,
      body,
      requestId,
      signal: abort.signal,
    };
    const response = await route.operation.handle(wireReq, ctx);
    await send(res, requestId, response, log);
  } catch (e) {
    // A client that hung up mid-request gets no answer, and its abort is not the emulator's failure.
    if (res.headersSent || (req.destroyed && !req.complete)) {
      res.destroy();
      return;
    }
    const err = isAwsError(e) ? e : internal(e, log);
    sendJson(res, requestId, err.status, err.toBody(), err.name);
  }
}

/** The query and pathname of a request target; `//host…` is a path here, not an authority, and junk is a client error. */
function parseRequestTarget(target: string): URL {
  try {
    return target.startsWith('/') ? new URL(`http://emulator${target}`) : new URL(target, 'http://emulator');
  } catch {
    throw new AwsError('ValidationException', `Cannot parse the request target '${target.slice(0, 200)}'`, { reason: 'CannotParse' });
  }
}

function internal(e: unknown, log: WireLogger): AwsError {
  log.error('unhandled error in operation', e);
  return new AwsError('InternalServerException', 'The emulator failed to process the request; see its log.');
}

async function drain(req: IncomingMessage): Promise<void> {
  for await (const _ of req) {
    // discard
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) {
    req.resume();
    throw new AwsError('ValidationException', `Request body of ${declared} bytes exceeds the ${MAX_BODY_BYTES}-byte limit`, {
      reason: 'FieldValidationFailed',
    });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      req.resume();
      throw new AwsError('ValidationException', `Request body exceeds the ${MAX_BODY_BYTES}-byte limit`, {
        reason: 'FieldValidationFailed',
      });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function baseHeaders(requestId: string, extra?: Record<string, string>): Record<string, string> {
  return { 'x-amzn-requestid': requestId, ...(extra ?? {}) };
}

function sendJson(res: ServerResponse, requestId: string, status: number, body: unknown, errorType?: string): void {
  const text = body === undefined ? '{}' : JSON.stringify(body);
  res.writeHead(status, {
    ...baseHeaders(requestId),
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(text);
}

async function send(res: ServerResponse, requestId: string, r: WireResponse, log: WireLogger): Promise<void> {
  if (r.kind === 'json') {
    res.writeHead(r.status, { ...baseHeaders(requestId, r.headers), 'content-type': 'application/json' });
    res.end(r.body === undefined ? '{}' : JSON.stringify(r.body));
    return;
  }
  if (r.kind === 'raw') {
    res.writeHead(r.status, baseHeaders(requestId, r.headers));
    if (Buffer.isBuffer(r.body)) {
      res.end(r.body);
      return;
    }
    // Headers go out now, not with the first chunk: an agent's SSE answer may begin with a long pause.
    res.flushHeaders();
    // A caller that hangs up never drains: stop at close too (the source, e.g. an agent's answer, is then dropped).
    for await (const chunk of r.body) {
      if (res.destroyed) break;
      if (!res.write(chunk)) await new Promise((ok) => (res.once('drain', ok), res.once('close', ok)));
    }
    res.end();
    return;
  }
  res.writeHead(r.status, baseHeaders(requestId, r.headers));
  // Flush headers now: the SDK starts decoding as soon as the response begins, and output is streamed as produced.
  res.flushHeaders();
  try {
    for await (const message of r.messages) {
      if (res.destroyed) return;
      if (!res.write(encodeStreamMessage(message))) await new Promise((ok) => res.once('drain', ok));
    }
  } catch (e) {
    const err = isAwsError(e) ? e : internal(e, log);
    if (!res.destroyed)
      res.write(encodeStreamMessage({ kind: 'exception', exceptionType: streamExceptionType(err.name), payload: err.toBody() }));
  }
  res.end();
}

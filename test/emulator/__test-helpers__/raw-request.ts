// One raw HTTP request to the emulator, with nothing checked or repaired on the way: any method, an unencoded path,
// arbitrary headers and bytes. For tests of what the wire server does with input no SDK would send. A response that
// does not arrive within `timeoutMs` is reported as a hang instead of waiting forever.
import { request, type OutgoingHttpHeaders } from 'node:http';

export interface RawRequest {
  method: string;
  path: string;
  headers?: OutgoingHttpHeaders;
  body?: Buffer | string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export function rawRequest(endpoint: string, r: RawRequest, timeoutMs = 10_000): Promise<RawResponse> {
  const url = new URL(endpoint);
  // A body always goes with its length: node sends a GET's body unframed otherwise, which is two requests' worth of junk.
  const headers = r.body === undefined ? (r.headers ?? {}) : { ...r.headers, 'content-length': Buffer.byteLength(r.body) };
  return new Promise((ok, fail) => {
    const req = request(
      { host: url.hostname, port: url.port, method: r.method, path: r.path, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', fail);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no response within ${timeoutMs} ms: ${r.method} ${r.path.slice(0, 200)}`)));
    req.on('error', fail);
    req.end(r.body);
  });
}

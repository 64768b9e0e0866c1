// Wire fuzzing: random methods, paths, query strings, headers and bodies sent raw to a running emulator. Whatever
// arrives, the answer must be an AWS-shaped client error (4xx with x-amzn-errortype, x-amzn-requestid and a JSON
// `message`), or a success where the request happens to be valid (control plane only), never a 5xx, a hang or a
// crash; and after each batch the emulator still serves the SDK, runs no session, and holds no runtime that a
// refused request created. Runs are bounded (SSC_FUZZ_RUNS, default 150 per property) to keep this under a minute.
import { ListAgentRuntimesCommand, DeleteAgentRuntimeCommand, GetAgentRuntimeCommand } from '@aws-sdk/client-bedrock-agentcore-control';
import fc from 'fast-check';
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeHandle } from '../../../fixtures/runtimes.ts';
import { startHarness, type Harness } from '../__test-helpers__/emulator-harness.ts';
import { rawRequest, type RawRequest, type RawResponse } from '../__test-helpers__/raw-request.ts';
import { badSessionId, junkBody, junkContentType, junkHeaders, junkQuery, junkSegment, junkValue } from './fuzz-arbitraries.ts';

const RUNS = Number(process.env.SSC_FUZZ_RUNS ?? 150);
const SEED = process.env.SSC_SEED ? Number(process.env.SSC_SEED) : undefined;
const params = { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}) };

let h: Harness;
let runtime: RuntimeHandle;
const unhandled: string[] = [];
/** Runtimes that a fuzzed request created (a valid body by chance): allowed, and deleted after each batch. */
const created = new Set<string>();

const VALID_CREATE = {
  agentRuntimeName: 'ssc_fuzz_runtime',
  agentRuntimeArtifact: { containerConfiguration: { containerUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/fuzz:latest' } },
  roleArn: 'arn:aws:iam::123456789012:role/fuzz',
  networkConfiguration: { networkMode: 'PUBLIC' },
  filesystemConfigurations: [{ sessionStorage: { mountPath: '/mnt/workspace' } }],
};
const VALID_COMMAND = { command: 'echo fuzz', timeout: 5 };

beforeAll(async () => {
  h = await startHarness({ log: (m) => (/unhandled|uncaught/i.test(m) ? unhandled.push(m) : undefined) });
  runtime = await h.resources.create({ label: 'fuzz' });
});
afterAll(async () => h?.close());

async function send(r: RawRequest): Promise<RawResponse> {
  const res = await rawRequest(h.emulator.endpoint, r);
  if (res.status >= 200 && res.status < 300 && r.method === 'PUT' && r.path.split('?')[0] === '/runtimes/') {
    const id = (JSON.parse(res.body.toString()) as { agentRuntimeId?: string }).agentRuntimeId;
    if (id) created.add(id);
  }
  return res;
}

function expectClientError(r: RawResponse, req: RawRequest): void {
  const what = `${req.method} ${req.path.slice(0, 300)} → ${r.status} ${r.body.toString().slice(0, 300)}`;
  expect(r.status, what).toBeGreaterThanOrEqual(400);
  expect(r.status, what).toBeLessThan(500);
  expect(r.headers['x-amzn-errortype'], what).toMatch(/^[A-Za-z]+(Exception|Error)$/);
  expect(r.headers['x-amzn-requestid'], what).toBeTruthy();
  if (req.method === 'HEAD') return;
  const body = JSON.parse(r.body.toString()) as { message?: unknown };
  expect(typeof body.message, what).toBe('string');
}

/** A success is acceptable only as a JSON answer; anything else must be a client error. */
function expectSuccessOrClientError(r: RawResponse, req: RawRequest): void {
  if (r.status >= 200 && r.status < 300) expect(() => JSON.parse(r.body.toString()), `${req.method} ${req.path}`).not.toThrow();
  else expectClientError(r, req);
}

/** After a batch: the emulator serves, runs no session, logged no unhandled error, and kept no stray runtime. */
async function expectHealthy(): Promise<void> {
  const health = await rawRequest(h.emulator.endpoint, { method: 'GET', path: '/_ssc/health' });
  expect(health.status).toBe(200);
  expect((JSON.parse(health.body.toString()) as { liveSessions: number }).liveSessions).toBe(0);
  expect(unhandled).toEqual([]);
  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await h.target.control.send(new ListAgentRuntimesCommand({ nextToken }));
    ids.push(...(page.agentRuntimes ?? []).map((r) => r.agentRuntimeId!));
    nextToken = page.nextToken;
  } while (nextToken);
  expect(ids.filter((id) => id !== runtime.id && !created.has(id))).toEqual([]);
  expect((await h.target.control.send(new GetAgentRuntimeCommand({ agentRuntimeId: runtime.id }))).status).toBe('READY');
  for (const id of created) await h.target.control.send(new DeleteAgentRuntimeCommand({ agentRuntimeId: id }));
  created.clear();
}

const withContentType = (ct: string | undefined, extra: Record<string, string>): Record<string, string> =>
  ct === undefined ? extra : { ...extra, 'content-type': ct };

describe('the wire API under random input', () => {
  it('answers any method on any path with a client error', { timeout: 60_000 + RUNS * 200 }, async () => {
    const req = fc.record({
      method: fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'FOO'),
      segments: fc.array(fc.oneof(junkSegment, fc.constantFrom('runtimes', 'runtime-endpoints', 'versions', 'commands', '_ssc')), { maxLength: 5 }),
      query: junkQuery,
      ct: junkContentType,
      headers: junkHeaders,
      body: fc.option(junkBody(VALID_CREATE), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(req, async ({ method, segments, query, ct, headers, body }) => {
        // A path that names an operation with a junk label is the next test's business; here the router refuses.
        fc.pre(segments[0] !== 'runtimes' && segments[0] !== '_ssc');
        const r: RawRequest = { method, path: `/${segments.join('/')}${query}`, headers: withContentType(ct, headers), ...(body ? { body } : {}) };
        expectClientError(await send(r), r);
      }),
      params,
    );
    await expectHealthy();
  });

  it('control plane: junk labels, queries, headers and bodies get a client error or a valid answer', { timeout: 60_000 + RUNS * 200 }, async () => {
    const ops: ReadonlyArray<readonly [string, string]> = [
      ['PUT', '/runtimes/'],
      ['GET', '/runtimes/'],
      ['GET', '/runtimes/{id}/'],
      ['PUT', '/runtimes/{id}/'],
      ['DELETE', '/runtimes/{junk}/'],
      ['GET', '/runtimes/{id}/versions/'],
      ['PUT', '/runtimes/{id}/runtime-endpoints/'],
      ['GET', '/runtimes/{id}/runtime-endpoints/'],
      ['GET', '/runtimes/{id}/runtime-endpoints/{junk}/'],
      ['PUT', '/runtimes/{id}/runtime-endpoints/{junk}/'],
      ['DELETE', '/runtimes/{id}/runtime-endpoints/{junk}/'],
    ];
    const req = fc.record({ op: fc.constantFrom(...ops), id: fc.oneof(fc.constant('REAL'), junkSegment), junk: junkSegment, query: junkQuery, ct: junkContentType, headers: junkHeaders, body: junkBody(VALID_CREATE) });
    await fc.assert(
      fc.asyncProperty(req, async ({ op: [method, template], id, junk, query, ct, headers, body }) => {
        const path = template.replace('{id}', id === 'REAL' ? runtime.id : id).replace('{junk}', junk) + query;
        const r: RawRequest = { method, path, headers: withContentType(ct, headers), body };
        expectSuccessOrClientError(await send(r), r);
      }),
      params,
    );
    await expectHealthy();
  });

  it('data plane: junk ARNs, session ids, headers and bodies get a client error and start no session', { timeout: 60_000 + RUNS * 200 }, async () => {
    const arn = fc.oneof(
      fc.constant(encodeURIComponent(runtime.arn)),
      fc.constant(encodeURIComponent(runtime.arn.replace(/-[A-Za-z0-9]{10}$/, '-AAAAAAAAAA'))),
      junkSegment,
    );
    const req = fc.record({
      arn,
      op: fc.constantFrom('commands', 'stopruntimesession', 'invocations'),
      session: badSessionId,
      query: junkQuery,
      ct: junkContentType,
      headers: junkHeaders,
      body: junkBody(VALID_COMMAND),
    });
    await fc.assert(
      fc.asyncProperty(req, async ({ arn, op, session, query, ct, headers, body }) => {
        const r: RawRequest = {
          method: 'POST',
          path: `/runtimes/${arn}/${op}${query}`,
          headers: withContentType(ct, { ...headers, 'x-amzn-bedrock-agentcore-runtime-session-id': session }),
          body,
        };
        expectClientError(await send(r), r);
      }),
      params,
    );
    await expectHealthy();
  });

  it('a valid session with an invalid command body is refused before any compute starts', { timeout: 60_000 + RUNS * 200 }, async () => {
    const badCommand = fc.oneof(
      fc.constant({}),
      junkValue.filter((v) => v !== null && (typeof v !== 'string' || v.length === 0 || v.length > 65_536)).map((command) => ({ command })),
      fc.tuple(junkValue.filter((t) => t !== null && (!Number.isInteger(t) || (t as number) < 1 || (t as number) > 3600)), fc.constant('true')).map(([timeout, command]) => ({ command, timeout })),
    );
    await fc.assert(
      fc.asyncProperty(badCommand, junkContentType, async (body, ct) => {
        const r: RawRequest = {
          method: 'POST',
          path: `/runtimes/${encodeURIComponent(runtime.arn)}/commands`,
          headers: withContentType(ct, { 'x-amzn-bedrock-agentcore-runtime-session-id': `ssc-fuzz-${'v'.repeat(40)}` }),
          body: JSON.stringify(body),
        };
        expectClientError(await send(r), r);
      }),
      { ...params, numRuns: Math.ceil(RUNS / 3) },
    );
    await expectHealthy();
  });

  it('refuses a body declared larger than any operation accepts at once, without reading it', async () => {
    const url = new URL(h.emulator.endpoint);
    const r = await new Promise<RawResponse>((ok, fail) => {
      const headers = { 'content-length': String(500 * 1024 * 1024) };
      const req = request({ host: url.hostname, port: url.port, method: 'PUT', path: '/runtimes/', headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', fail);
      req.setTimeout(10_000, () => req.destroy(new Error('no answer to an oversized declared body')));
      req.write('{');
    });
    expectClientError(r, { method: 'PUT', path: '/runtimes/' });
    await expectHealthy();
  });

  it('answers headers too large to parse with 431 in the AWS shape, and a HEAD request without a body', async () => {
    const path = `/${'x'.repeat(40_000)}`;
    const head = await send({ method: 'HEAD', path, headers: {} });
    expect(head.status).toBe(431);
    expect(head.body.length).toBe(0);
    const get = await send({ method: 'GET', path, headers: {} });
    expect(get.status).toBe(431);
    expect(get.headers['x-amzn-errortype']).toBe('ValidationException');
    expect(JSON.parse(get.body.toString())).toMatchObject({ reason: 'CannotParse' });
    await expectHealthy();
  });

  it('keeps serving when clients hang up mid-request', async () => {
    const url = new URL(h.emulator.endpoint);
    for (const partial of ['PUT /runtimes/ HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"agentRuntimeName":', 'GET /runtimes/', 'POST /runtimes/x/commands HTTP/1.1\r\n']) {
      await new Promise<void>((ok) => {
        const s = connect(Number(url.port), url.hostname, () => {
          s.write(partial);
          setTimeout(() => (s.destroy(), ok()), 50);
        });
        s.on('error', () => ok());
      });
    }
    await expectHealthy();
  });
});

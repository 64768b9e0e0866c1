// The guide (L6): "The mounted path is available only at the time of agent invocation, not during initialization."
// An agent that looks for its mount path when it starts and again when invoked: on a compute an invocation started,
// the path is absent while the agent initialises and mounted, with the stored files, when the invocation arrives.
// A compute a command started has its storage mounted already when a later invocation starts the agent (the
// emulator starts agents lazily, so that commands do not pay for one): that difference is the README's.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProbeAgent } from '../../../fixtures/agent.ts';
import type { RuntimeHandle } from '../../../fixtures/runtimes.ts';
import type { Session } from '../../../fixtures/session.ts';
import { startHarness, type Harness } from '../__test-helpers__/emulator-harness.ts';

const URI = '123456789012.dkr.ecr.us-east-1.amazonaws.com/ssc-mount-watcher:latest';

/** Answers what it saw of /mnt when it started and what it sees now. */
const AGENT = `
import json, os
from http.server import BaseHTTPRequestHandler, HTTPServer
M = '/mnt/workspace'
def look():
    seen = {'exists': os.path.exists(M), 'mounted': os.path.ismount(M), 'mnt': sorted(os.listdir('/mnt'))}
    if seen['exists']: seen['files'] = sorted(os.listdir(M))
    return seen
AT_START = look()
class H(BaseHTTPRequestHandler):
    def answer(s, body):
        data = json.dumps(body).encode()
        s.send_response(200); s.send_header('Content-Type', 'application/json'); s.send_header('Content-Length', str(len(data))); s.end_headers(); s.wfile.write(data)
    def do_GET(s):
        s.answer({'status': 'Healthy'})
    def do_POST(s):
        s.rfile.read(int(s.headers.get('Content-Length', 0)))
        s.answer({'atStart': AT_START, 'atInvocation': look()})
HTTPServer(('0.0.0.0', 8080), H).serve_forever()
`;

interface Seen {
  exists: boolean;
  mounted: boolean;
  mnt: string[];
  files?: string[];
}

let h: Harness;
let runtime: RuntimeHandle;
let agentDir: string;

beforeAll(async () => {
  agentDir = await mkdtemp(join(tmpdir(), 'ssc-mount-watcher-'));
  await writeFile(join(agentDir, 'agent.py'), AGENT);
  h = await startHarness({ agents: { containers: { [URI]: { dir: agentDir, command: ['python3', 'agent.py'] } } } });
  runtime = await h.resources.create({ agentRuntimeArtifact: { containerConfiguration: { containerUri: URI } } });
});

afterAll(async () => {
  await h?.close();
  await rm(agentDir, { recursive: true, force: true });
});

const look = async (s: Session): Promise<{ atStart: Seen; atInvocation: Seen }> => JSON.parse((await new ProbeAgent(s).invoke('{}')).body);

describe('the mount path and the agent', () => {
  it('is absent while an invocation starts the agent, and mounted when the invocation arrives; so again after a resume', async () => {
    const s = h.resources.open(runtime, { label: 'invoked' });
    const first = await look(s);
    expect(first.atStart).toEqual({ exists: false, mounted: false, mnt: [] });
    expect(first.atInvocation).toEqual({ exists: true, mounted: true, mnt: ['workspace'], files: [] });
    await s.check('echo kept > /mnt/workspace/kept');
    await s.stop();
    const resumed = await look(s);
    expect(resumed.atStart).toEqual({ exists: false, mounted: false, mnt: [] });
    expect(resumed.atInvocation).toEqual({ exists: true, mounted: true, mnt: ['workspace'], files: ['kept'] });
    // Commands on a compute an invocation started see the same storage.
    expect(await s.check('cat /mnt/workspace/kept')).toBe('kept\n');
  });

  it('is there already when a command started the compute and an invocation starts the agent later', async () => {
    const s = h.resources.open(runtime, { label: 'command-first' });
    await s.check('echo from-command > /mnt/workspace/c');
    const seen = await look(s);
    expect(seen.atStart).toEqual({ exists: true, mounted: true, mnt: ['workspace'], files: ['c'] });
    expect(seen.atInvocation).toEqual(seen.atStart);
  });
});

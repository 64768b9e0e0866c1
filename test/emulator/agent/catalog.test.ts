// Preparing an agent once per emulator: a copy in the state directory that a session's unprivileged uid can read,
// the command from the Dockerfile, leftovers of an earlier emulator on the same state directory removed, and every
// failure a reason (reported at invocation time) rather than an exception.
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentCatalog } from '../../../emulator/agent/catalog.ts';
import { PROBE_AGENT_DIR } from '../../../fixtures/agent.ts';

const URI = '123456789012.dkr.ecr.us-east-1.amazonaws.com/a:1';
const container = (containerUri: string) => ({ containerConfiguration: { containerUri } });
let stateDir: string;

beforeEach(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'ssc-catalog-'));
});
afterEach(async () => rm(stateDir, { recursive: true, force: true }));

describe('AgentCatalog', () => {
  it('copies the agent once, world-readable, with the Dockerfile command; leftovers of an earlier run are gone', async () => {
    await mkdir(join(stateDir, 'agents', '0', 'stale'), { recursive: true });
    const catalog = new AgentCatalog({ containers: { [URI]: { dir: PROBE_AGENT_DIR } } }, stateDir);
    const first = await catalog.prepare(container(URI));
    expect(first).toEqual({ ok: true, agent: { appDir: join(stateDir, 'agents', '0'), command: ['python3', '-u', 'agent.py'] } });
    expect((await readdir(join(stateDir, 'agents', '0'))).sort()).toEqual(['Dockerfile', 'agent.py']);
    expect((await stat(join(stateDir, 'agents', '0', 'agent.py'))).mode & 0o044).toBe(0o044);
    expect(await catalog.prepare(container(URI))).toBe(await catalog.prepare(container(URI)));
    expect(await readdir(join(stateDir, 'agents'))).toEqual(['0']);
  });

  it('reports what is wrong with a mapping as a reason', async () => {
    const noDockerfile = join(stateDir, 'plain');
    await mkdir(noDockerfile);
    await writeFile(join(stateDir, 'file'), '');
    const catalog = new AgentCatalog(
      { containers: { [URI]: { dir: noDockerfile }, 'x/missing:1': { dir: join(stateDir, 'nope') }, 'x/file:1': { dir: join(stateDir, 'file') } } },
      stateDir,
    );
    expect(await catalog.prepare(container(URI))).toEqual({ ok: false, reason: expect.stringMatching(/cannot be prepared: .*Dockerfile/) });
    expect(await catalog.prepare(container('x/missing:1'))).toEqual({ ok: false, reason: expect.stringMatching(/cannot be prepared: ENOENT/) });
    expect(await catalog.prepare(container('x/file:1'))).toEqual({ ok: false, reason: expect.stringMatching(/is not a directory/) });
    expect(await catalog.prepare(container('x/unmapped:1'))).toEqual({ ok: false, reason: expect.stringMatching(/no local agent is mapped/) });
  });
});

// The emulator must serve Python users unchanged: this replays the blog's boto3 calls through real botocore, with
// the blog's service model (botocore 1.42.75, ../shared/reference/botocore-models, as AWS_DATA_PATH) whatever
// botocore is installed. The emulator itself follows the newer model (test/emulator/control/model-drift.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startEmulator, type RunningEmulator } from '../../emulator/index.ts';
import { PROBE_AGENT_DIR } from '../../fixtures/agent.ts';

/** The image the replay deploys; the emulator runs the probe agent for it. */
const BLOG_AGENT_URI = '123456789012.dkr.ecr.us-east-1.amazonaws.com/coding-agent:latest';

const SCRIPT = fileURLToPath(new URL('./blog_replay.py', import.meta.url));
const BLOG_MODELS = fileURLToPath(new URL('../../../shared/reference/botocore-models', import.meta.url));
/** botocore looks in AWS_DATA_PATH before its own data: the blog's model wins when the copy is there. */
const MODEL_ENV: Record<string, string> = existsSync(BLOG_MODELS) ? { AWS_DATA_PATH: BLOG_MODELS } : {};

/** The control model botocore loads here: `FilesystemConfigurations` allows 1 item in 1.42.75, 5 in later models. */
const MODEL_PROBE =
  "import boto3, botocore.session\n" +
  "assert 'bedrock-agentcore' in boto3.session.Session().get_available_services()\n" +
  "m = botocore.session.get_session().get_component('data_loader').load_service_model('bedrock-agentcore-control', 'service-2')\n" +
  "print(m['shapes']['FilesystemConfigurations']['max'])";

async function boto3Unavailable(): Promise<string | undefined> {
  const probe = await execa('python3', ['-c', MODEL_PROBE], { reject: false, env: MODEL_ENV });
  return probe.exitCode === 0 ? undefined : `python3 with a boto3 that knows bedrock-agentcore is not installed (${probe.stderr.split('\n').at(-1)})`;
}

describe('boto3 replay of the blog against the emulator', () => {
  let emulator: RunningEmulator;
  let skipReason: string | undefined;
  beforeAll(async () => {
    skipReason = await boto3Unavailable();
    if (!skipReason) emulator = await startEmulator({ agents: { containers: { [BLOG_AGENT_URI]: { dir: PROBE_AGENT_DIR } } } });
  });
  afterAll(async () => emulator?.close());

  it('gives the blog the same calls, event-stream shape and errors', async (ctx) => {
    if (skipReason) ctx.skip(skipReason);
    if (MODEL_ENV.AWS_DATA_PATH) {
      const model = await execa('python3', ['-c', MODEL_PROBE], { env: MODEL_ENV });
      expect(model.stdout.trim(), 'botocore loaded the blog model (1.42.75)').toBe('1');
    }
    const r = await execa('python3', [SCRIPT], {
      reject: false,
      env: {
        ...MODEL_ENV,
        AWS_ENDPOINT_URL: emulator.endpoint,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      },
    });
    expect(r.stderr).toBe('');
    const o = JSON.parse(r.stdout);
    expect(o.update_status).toBe('UPDATING');
    expect(o.filesystem_configurations).toEqual([{ sessionStorage: { mountPath: '/mnt/workspace' } }]);
    expect(o.first_ls).toMatchObject({ stdout: '', exit_code: 0, first: 'contentStart', last: 'contentStop' });
    expect(o.cat_before_stop.stdout).toBe('def add(a, b):\n    return a + b\n');
    expect(o.cat_after_resume).toEqual(o.cat_before_stop);
    // After stop and resume a new agent process continues the conversation from the history under the mount.
    expect(o.invoke_first).toBe('Hello. This is our first exchange.');
    expect(o.invoke_after_resume).toMatch(/^Continuing where we left off: 1 earlier message\(s\), the last was 'Please create calculator\.py/);
    expect(o.sessions_dir.stdout).toBe('session_conv-001\n');
    expect(o.key_after_disable).toBe(false);
    expect(o.write_when_disabled.exit_code).not.toBe(0);
    expect(o.bad_mount_path).toBe('ValidationException');
  });
});

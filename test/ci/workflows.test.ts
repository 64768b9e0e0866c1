// The GitHub Actions workflows cannot run here, so their shape is checked: parsed with `yaml`, the steps that matter
// exist, in order, and every `ssc` command and npm script they call exists in this project.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { usage } from '../../cli/main.ts';

const ROOT = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(fileURLToPath(new URL(path, ROOT)), 'utf8');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<
    string,
    { env?: Record<string, string>; steps: Step[]; container?: { options?: string }; 'timeout-minutes'?: number; strategy?: { matrix?: { node?: number[] } } }
  >;
}

const workflow = (file: string) => parse(read(`.github/workflows/${file}`)) as Workflow;
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps);
const indexOf = (all: Step[], test: (s: Step) => boolean) => {
  const i = all.findIndex(test);
  expect(i, 'step not found').toBeGreaterThanOrEqual(0);
  return i;
};
const nodeVersion = (all: Step[]) => all.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with?.['node-version'];
const sscCommands = usage().split('\n').filter((l) => /^ {2}\S/.test(l)).map((l) => l.trim().split(/\s+/)[0]);
const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);

function callsExist(all: Step[]): void {
  for (const s of all) {
    for (const m of (s.run ?? '').matchAll(/npx ssc (\w+)/g)) expect(sscCommands, `ssc ${m[1]}`).toContain(m[1]);
    for (const m of (s.run ?? '').matchAll(/npm (?:run )?(test|[\w:-]+)(?=\s|$)/g)) if (m[1] !== 'ci') expect(scripts, `npm ${m[1]}`).toContain(m[1]);
  }
}

describe('nightly-aws.yml', () => {
  const w = workflow('nightly-aws.yml');
  const all = steps(w);
  const job = Object.values(w.jobs)[0]!;

  it('runs nightly and on demand, assuming a role through OIDC (no stored keys)', () => {
    expect(Object.keys(w.on)).toEqual(['schedule', 'workflow_dispatch']);
    expect(w.permissions['id-token']).toBe('write');
    const assume = all[indexOf(all, (s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@') ?? false)]!;
    expect(assume.with?.['role-to-assume']).toMatch(/vars\.SSC_CI_ROLE_ARN/);
    expect(JSON.stringify(w)).not.toMatch(/aws-access-key-id|AWS_SECRET_ACCESS_KEY/);
  });

  it('runs the standard tier against AgentCore', () => {
    expect(job.env).toMatchObject({ SSC_TARGET: 'agentcore', SSC_REPORT_DIR: 'reports' });
    expect(job.env?.['SSC_TIER']).toMatch(/'standard'/);
    for (const v of ['AWS_REGION', 'SSC_CONTAINER_URI', 'SSC_ROLE_ARN']) expect(job.env?.[v]).toMatch(/vars\./);
  });

  it('sweeps before and after (always), fails on regressions, and uploads JUnit, Allure and compliance reports', () => {
    const assume = indexOf(all, (s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@') ?? false);
    const before = indexOf(all, (s) => /ssc sweep --prefix ssc --older-than/.test(s.run ?? ''));
    const suite = indexOf(all, (s) => s.run === 'npm test');
    const compare = indexOf(all, (s) => /ssc report compare baseline\/compliance\.json reports\/compliance\.json/.test(s.run ?? ''));
    const after = indexOf(all, (s) => /ssc sweep --prefix "ssc_\$\{SSC_RUN_ID\}" --journal reports\/journal --yes/.test(s.run ?? ''));
    const upload = indexOf(all, (s) => s.uses?.startsWith('actions/upload-artifact@') ?? false);
    expect(assume < before && before < suite && suite < compare && compare < after && after < upload).toBe(true);
    expect(all[after]!.if).toBe('always()');
    expect(all[upload]!.if).toBe('always()');
    const paths = String(all[upload]!.with?.['path']);
    for (const p of ['reports/junit.xml', 'reports/allure-results/', 'reports/compliance.json', 'reports/compliance.html']) expect(paths).toContain(p);
    callsExist(all);
  });

  it('runs on Node 22, which AWS SDK releases after the first week of January 2027 require', () => {
    expect(nodeVersion(all)).toBe(22);
  });

  it('names the run with a valid run id, so its leftovers can be swept by prefix', () => {
    const name = all[indexOf(all, (s) => /SSC_RUN_ID=/.test(s.run ?? ''))]!.run!;
    expect(name).toMatch(/tr -dc 'a-z0-9' \| head -c 8/);
  });
});

describe('emulator.yml', () => {
  const w = workflow('emulator.yml');
  const all = steps(w);
  it('runs CI on every push in a privileged Debian container and uploads the reports', () => {
    expect(Object.keys(w.on)).toContain('push');
    expect(Object.values(w.jobs)[0]!.container?.options).toMatch(/--privileged/);
    const run = indexOf(all, (s) => s.run === 'bash .ci/run');
    const upload = indexOf(all, (s) => s.uses?.startsWith('actions/upload-artifact@') ?? false);
    expect(run).toBeLessThan(upload);
    expect(all[upload]!.if).toBe('always()');
    expect(String(all[upload]!.with?.['path'])).toContain('reports/junit.xml');
    callsExist(all);
  });

  it('tests on a Node 20 / 22 matrix, one artifact per version, and package.json engines names exactly those', () => {
    const job = Object.values(w.jobs)[0]!;
    expect(job.strategy?.matrix?.node).toEqual([20, 22]);
    expect(nodeVersion(all)).toBe('${{ matrix.node }}');
    expect(String(all[indexOf(all, (s) => s.uses?.startsWith('actions/upload-artifact@') ?? false)]!.with?.['name'])).toContain('${{ matrix.node }}');
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    expect(engines.split('||').map((r) => Number(/\^(\d+)\./.exec(r.trim())?.[1]))).toEqual([20, 22]);
  });
});

describe('.ci/run', () => {
  const run = read('.ci/run');
  it('runs every test, then the quick tier on Node 22 from the npm registry when it ran on another version', () => {
    const all = run.indexOf('npm run test:all');
    const quick = run.indexOf('npm run test:quick');
    expect(all).toBeGreaterThan(0);
    expect(quick).toBeGreaterThan(all);
    expect(run).toMatch(/node22="\$\(bash scripts\/node22\.sh\)"/);
    expect(run).toMatch(/PATH="\$node22:\$PATH" SSC_REPORT_DIR=reports\/node22 npm run test:quick/);
    // Node 22 comes from the npm registry (npm checks its integrity), never from another host.
    const node22 = read('scripts/node22.sh');
    expect(node22).toMatch(/npm pack --silent "node-linux-\$arch@\$version"/);
    expect(node22).not.toMatch(/curl|wget|https?:\/\//);
    expect(read('.gitignore').split('\n')).toContain('.cache/');
  });
});

describe('docs/iam-policy.json', () => {
  it('grants exactly the calls the suite makes, on the suite-prefixed runtimes, and PassRole only to the service', () => {
    const policy = JSON.parse(read('docs/iam-policy.json')) as { Statement: { Sid: string; Action: string[]; Resource: string | string[]; Condition?: unknown }[] };
    const actions = policy.Statement.flatMap((s) => s.Action);
    const sent = ['CreateAgentRuntime', 'GetAgentRuntime', 'UpdateAgentRuntime', 'DeleteAgentRuntime', 'ListAgentRuntimes', 'ListAgentRuntimeVersions', 'CreateAgentRuntimeEndpoint', 'GetAgentRuntimeEndpoint', 'DeleteAgentRuntimeEndpoint', 'InvokeAgentRuntime', 'InvokeAgentRuntimeCommand', 'StopRuntimeSession'];
    for (const op of sent) expect(actions).toContain(`bedrock-agentcore:${op}`);
    expect(actions.filter((a) => a.endsWith('*'))).toEqual([]);
    const runtimes = policy.Statement.find((s) => s.Sid === 'SuiteRuntimes')!;
    for (const r of [runtimes.Resource].flat()) expect(r).toMatch(/:runtime\/ssc_\*/);
    expect(policy.Statement.find((s) => s.Action.includes('iam:PassRole'))?.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'bedrock-agentcore.amazonaws.com' } });
  });
});

// Cross-checks the control plane against the botocore model (1.43.67, ../shared/reference/botocore-models-1.43.67):
// every constraint constant, every enum, the members a runtime version stores and echoes (emulator/control/modelled-members.ts),
// and the top-level members of every response the emulator serves. A typo, or a model update, shows up here. The
// older copy (1.42.75, the blog's boto3) serves test/interop only.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { CONSTRAINTS, ENUMS, FILESYSTEM_KINDS, RANGES } from '../../../emulator/control/constraints.ts';
import type { ControlContext } from '../../../emulator/wire/operations/context.ts';
import { RUNTIME_CONFIGURATION, type Member } from '../../../emulator/control/modelled-members.ts';
import { call, makeRegistry, validBody } from './helpers.ts';

const MODEL_URL = new URL(
  '../../../../shared/reference/botocore-models-1.43.67/bedrock-agentcore-control/2023-06-05/service-2.json',
  import.meta.url,
);
const present = existsSync(fileURLToPath(MODEL_URL));

interface Shape {
  type: string;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  required?: string[];
  members?: Record<string, { shape: string; location?: string }>;
  member?: { shape: string };
}
interface Model {
  shapes: Record<string, Shape>;
  operations: Record<string, { output?: { shape: string } }>;
}

/** Our regex literals escape '/', the model's strings do not. */
const source = (re: RegExp): string => re.source.replace(/\\\//g, '/');

/** The model's view of a member, in modelled-members.ts terms: structures (and lists of them) by member, everything else a leaf. */
function memberOf(shapes: Record<string, Shape>, name: string): Member {
  const s = shapes[name]!;
  if (s.type === 'list' && shapes[s.member!.shape]!.type === 'structure') return memberOf(shapes, s.member!.shape);
  if (s.type !== 'structure') return 'leaf';
  return Object.fromEntries(Object.entries(s.members!).map(([k, m]) => [k, memberOf(shapes, m.shape)]));
}

/** Members carried in the body (not the URI, query or headers). */
const bodyMembers = (s: Shape): string[] => Object.entries(s.members!).filter(([, m]) => !m.location).map(([k]) => k);

describe.skipIf(!present)('the control plane follows the botocore model 1.43.67', () => {
  const model: Model = present ? (JSON.parse(readFileSync(MODEL_URL, 'utf8')) as Model) : { shapes: {}, operations: {} };
  const { shapes } = model;

  const entries: [string, { shape: string; min?: number; max?: number; pattern?: RegExp }][] = [
    ...Object.entries(CONSTRAINTS),
    ...Object.entries(RANGES),
  ];
  it.each(entries)('constraint %s', (_name, c) => {
    const shape = shapes[c.shape];
    expect(shape, `shape ${c.shape}`).toBeDefined();
    expect(c.min, 'min').toBe(shape!.min);
    expect(c.max, 'max').toBe(shape!.max);
    expect(c.pattern && source(c.pattern), 'pattern').toBe(shape!.pattern);
  });

  it.each(Object.entries(ENUMS))('enum %s', (name, values) => {
    expect([...values].sort()).toEqual([...shapes[name]!.enum!].sort());
  });

  it('FilesystemConfiguration union: the same four kinds', () => {
    expect([...FILESYSTEM_KINDS].sort()).toEqual(Object.keys(shapes.FilesystemConfiguration!.members!).sort());
  });

  it('what a version stores and echoes is UpdateAgentRuntimeRequest without id and token, member for member, at every depth', () => {
    const update = memberOf(shapes, 'UpdateAgentRuntimeRequest') as Record<string, Member>;
    const { agentRuntimeId: _id, clientToken: _token, ...configuration } = update;
    expect(RUNTIME_CONFIGURATION).toEqual(configuration);
  });

  it('CreateAgentRuntime takes the same configuration without metadataConfiguration, plus name, tags and token', () => {
    const { metadataConfiguration: _m, ...createConfig } = RUNTIME_CONFIGURATION;
    expect(bodyMembers(shapes.CreateAgentRuntimeRequest!).sort()).toEqual(
      [...Object.keys(createConfig), 'agentRuntimeName', 'tags', 'clientToken'].sort(),
    );
    // Every stored member is echoed by GetAgentRuntime.
    expect(Object.keys(shapes.GetAgentRuntimeResponse!.members!)).toEqual(expect.arrayContaining(Object.keys(RUNTIME_CONFIGURATION)));
  });

  // A runtime with every optional structure set, then every operation the emulator serves: each response carries
  // only members of the operation's output shape, and all of its required ones.
  const everything = validBody({
    description: 'd',
    networkConfiguration: { networkMode: 'VPC', networkModeConfig: { securityGroups: ['sg-12345678'], subnets: ['subnet-12345678'] } },
    authorizerConfiguration: { customJWTAuthorizer: { discoveryUrl: 'https://idp.example.com/.well-known/openid-configuration' } },
    requestHeaderConfiguration: { requestHeaderAllowlist: ['X-Custom'] },
    protocolConfiguration: { serverProtocol: 'HTTP' },
    lifecycleConfiguration: { idleRuntimeSessionTimeout: 600 },
    environmentVariables: { A: 'b' },
    filesystemConfigurations: [{ sessionStorage: { mountPath: '/mnt/workspace' } }],
    tags: { k: 'v' },
  });
  const calls: [string, (c: ControlContext, id: string) => ReturnType<typeof call>][] = [
    ['GetAgentRuntime', (c, id) => call(c, 'GET', `/runtimes/${id}/`)],
    ['UpdateAgentRuntime', (c, id) => call(c, 'PUT', `/runtimes/${id}/`, { ...everything, agentRuntimeName: undefined, metadataConfiguration: { requireMMDSV2: true } })],
    ['ListAgentRuntimes', (c) => call(c, 'POST', '/runtimes/')],
    ['ListAgentRuntimeVersions', (c, id) => call(c, 'POST', `/runtimes/${id}/versions/`)],
    ['CreateAgentRuntimeEndpoint', (c, id) => call(c, 'PUT', `/runtimes/${id}/runtime-endpoints/`, { name: 'e2', description: 'x' })],
    ['GetAgentRuntimeEndpoint', (c, id) => call(c, 'GET', `/runtimes/${id}/runtime-endpoints/e1/`)],
    ['UpdateAgentRuntimeEndpoint', (c, id) => call(c, 'PUT', `/runtimes/${id}/runtime-endpoints/e1/`, { agentRuntimeVersion: '1' })],
    ['ListAgentRuntimeEndpoints', (c, id) => call(c, 'POST', `/runtimes/${id}/runtime-endpoints/`)],
    ['DeleteAgentRuntimeEndpoint', (c, id) => call(c, 'DELETE', `/runtimes/${id}/runtime-endpoints/e1/`)],
    ['DeleteAgentRuntime', (c, id) => call(c, 'DELETE', `/runtimes/${id}/`)],
  ];
  it.each(calls)('%s answers with its output shape', async (operation, run) => {
    const c: ControlContext = { runtimes: makeRegistry().registry };
    const created = await call(c, 'PUT', '/runtimes/', everything);
    const id = created.body.agentRuntimeId as string;
    await call(c, 'PUT', `/runtimes/${id}/runtime-endpoints/`, { name: 'e1' });
    const responses: [string, Record<string, unknown>][] = [['CreateAgentRuntime', created.body]];
    const res = await run(c, id);
    expect(res.error, JSON.stringify(res.body)).toBeUndefined();
    responses.push([operation, res.body]);
    for (const [op, body] of responses) {
      const output = shapes[model.operations[op]!.output!.shape]!;
      expect(Object.keys(output.members!), `${op} members`).toEqual(expect.arrayContaining(Object.keys(body)));
      expect(Object.keys(body), `${op} required members`).toEqual(expect.arrayContaining(output.required ?? []));
      // List items: the members of the list's element structure.
      for (const [k, v] of Object.entries(body)) {
        if (!Array.isArray(v) || typeof v[0] !== 'object') continue;
        const item = shapes[shapes[output.members![k]!.shape]!.member!.shape]!;
        for (const el of v as Record<string, unknown>[]) {
          expect(Object.keys(item.members!), `${op}.${k} item members`).toEqual(expect.arrayContaining(Object.keys(el)));
          expect(Object.keys(el), `${op}.${k} item required members`).toEqual(expect.arrayContaining(item.required ?? []));
        }
      }
    }
  });
});

it.skipIf(present)('model drift check skipped: ../shared/reference/botocore-models-1.43.67 is not beside the project', () => {});

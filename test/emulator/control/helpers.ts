// Fixtures shared by the control-plane tests: a registry on a controllable clock, a minimal valid Create body, and
// a way to call an operation through the router without sockets.
import { ControllableClock } from '../../../emulator/clock.ts';
import type { ControlContext } from '../../../emulator/wire/operations/context.ts';
import { RuntimeRegistry } from '../../../emulator/control/registry.ts';
import { parseCreateRuntime } from '../../../emulator/control/validate-runtime.ts';
import type { CreateRuntimeInput, RuntimeConfiguration } from '../../../emulator/control/registry-api.ts';
import { FieldChecker } from '../../../emulator/aws/field-checker.ts';
import { Router } from '../../../emulator/wire/router.ts';
import { AwsError } from '../../../emulator/aws/errors.ts';
import type { HttpMethod, WireRequest, WireResponse } from '../../../emulator/wire/types.ts';
import { controlOperations } from '../../../emulator/wire/operations/control/index.ts';

export const REGION = 'us-west-2';
export const ACCOUNT = '123456789012';

export function makeRegistry(opts: { transitionMs?: number; persistPath?: string } = {}) {
  const clock = new ControllableClock(() => Date.UTC(2026, 3, 1));
  let seed = 0;
  // Deterministic but distinct suffixes.
  const random = () => ((seed = (seed * 9301 + 49297) % 233280) / 233280);
  const registry = new RuntimeRegistry({ clock, region: REGION, accountId: ACCOUNT, random, ...opts });
  return { clock, registry };
}

export const validBody = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  agentRuntimeName: 'myAgent',
  agentRuntimeArtifact: { containerConfiguration: { containerUri: '123456789012.dkr.ecr.us-west-2.amazonaws.com/repo:tag' } },
  roleArn: 'arn:aws:iam::123456789012:role/AgentRole',
  networkConfiguration: { networkMode: 'PUBLIC' },
  ...extra,
});

export const createInput = (extra: Record<string, unknown> = {}): CreateRuntimeInput =>
  parseCreateRuntime(validBody(extra), new FieldChecker());

export const configOf = (extra: Record<string, unknown> = {}): RuntimeConfiguration => createInput(extra).configuration;

/** Runs `fn`, expecting an AwsError, and returns it. */
export function awsError(fn: () => unknown): AwsError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AwsError) return e;
    throw e;
  }
  throw new Error('expected an AwsError');
}

export async function awsErrorAsync(fn: () => Promise<unknown>): Promise<AwsError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof AwsError) return e;
    throw e;
  }
  throw new Error('expected an AwsError');
}

export const fieldNames = (e: AwsError): string[] =>
  ((e.members.fieldList as { name: string }[] | undefined) ?? []).map((f) => f.name);

const router = new Router(controlOperations);

/** Calls the operation matching method+path, as the server would; AwsErrors come back as { status, name }. */
export async function call(
  ctx: ControlContext,
  method: HttpMethod,
  rawPath: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown>; error?: string }> {
  const m = router.match(method, rawPath);
  if (m.kind !== 'match') throw new Error(`no route for ${method} ${rawPath}: ${m.kind}`);
  const url = new URL(rawPath, 'http://emulator');
  const req: WireRequest = {
    method,
    params: m.params,
    query: url.searchParams,
    headers: {},
    body: Buffer.from(body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body)),
    requestId: 'test',
    signal: new AbortController().signal,
  };
  try {
    const res: WireResponse = await m.operation.handle(req, ctx);
    if (res.kind !== 'json') throw new Error('expected a JSON response');
    return { status: res.status, body: (res.body ?? {}) as Record<string, unknown> };
  } catch (e) {
    if (!(e instanceof AwsError)) throw e;
    return { status: e.status, body: e.toBody(), error: e.name };
  }
}

// Injected failures (POST /_ssc/faults) and slow runtime transitions, seen through the real SDK clients: the errors
// have the AWS shape the SDK turns into its typed exceptions, the suite's clients retry the retryable ones with
// backoff and count them, and READY polling waits out CREATING.
import {
  InvokeAgentRuntimeCommandCommand,
  RetryableConflictException,
  ServiceQuotaExceededException,
  ThrottlingException as DataThrottling,
} from '@aws-sdk/client-bedrock-agentcore';
import { CreateAgentRuntimeCommand, DeleteAgentRuntimeCommand, GetAgentRuntimeCommand, ThrottlingException } from '@aws-sdk/client-bedrock-agentcore-control';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClients } from '../../../fixtures/clients.ts';
import { startHarness, type Harness } from '../__test-helpers__/emulator-harness.ts';

async function inject(h: Harness, operation: string, error: string, count: number): Promise<Response> {
  return fetch(`${h.emulator.endpoint}/_ssc/faults`, { method: 'POST', body: JSON.stringify({ operation, error, count }) });
}

describe('fault injection', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ transitionMs: 300 });
  });
  afterAll(() => h?.close());

  it('answers the next N calls with the real error shape, then serves again', async () => {
    const rt = await h.resources.create({ label: 'faults' });
    // One attempt only, so the first error surfaces as the SDK's typed exception.
    const once = createClients({ kind: 'emulator', endpoint: h.emulator.endpoint, region: 'us-east-1' }, { maxAttempts: 1 });
    try {
      expect((await inject(h, 'GetAgentRuntime', 'ThrottlingException', 1)).status).toBe(200);
      const e = await once.control.send(new GetAgentRuntimeCommand({ agentRuntimeId: rt.id })).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ThrottlingException);
      expect((e as ThrottlingException).$metadata.httpStatusCode).toBe(429);
      expect((await once.control.send(new GetAgentRuntimeCommand({ agentRuntimeId: rt.id }))).status).toBe('READY');

      const session = h.resources.open(rt, { label: 'faults' });
      const cases = [
        ['RetryableConflictException', RetryableConflictException, 409],
        ['ServiceQuotaExceededException', ServiceQuotaExceededException, 402],
        ['ThrottlingException', DataThrottling, 429],
      ] as const;
      for (const [name, type, status] of cases) {
        await inject(h, 'InvokeAgentRuntimeCommand', name, 1);
        const err = await once.data
          .send(new InvokeAgentRuntimeCommandCommand({ agentRuntimeArn: rt.arn, runtimeSessionId: session.id, body: { command: 'true' } }))
          .catch((x: unknown) => x);
        expect(err).toBeInstanceOf(type);
        expect((err as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(status);
      }
      const state = (await (await fetch(`${h.emulator.endpoint}/_ssc/faults`)).json()) as { armed: unknown[]; fired: Record<string, number> };
      expect(state).toEqual({ armed: [], fired: { GetAgentRuntime: 1, InvokeAgentRuntimeCommand: 3 } });
    } finally {
      once.destroy();
    }
  });

  it("the suite's clients retry throttling and retryable conflicts, and count every attempt", async () => {
    const rt = await h.resources.create({ label: 'retry' });
    const session = h.resources.open(rt, { label: 'retry' });
    await inject(h, 'InvokeAgentRuntimeCommand', 'ThrottlingException', 2);
    await inject(h, 'InvokeAgentRuntimeCommand', 'RetryableConflictException', 1);
    const before = h.target.meter.read();
    expect(await session.check('echo ok')).toBe('ok\n');
    const after = h.target.meter.read();
    expect(after.byOperation['InvokeAgentRuntimeCommand']! - (before.byOperation['InvokeAgentRuntimeCommand'] ?? 0)).toBe(1);
    expect(after.attempts - before.attempts).toBe(4);
    expect(after.throttled - before.throttled).toBe(3);
  });

  it('gives up after the attempt budget with the last error', async () => {
    const rt = await h.resources.create({ label: 'budget' });
    const few = createClients({ kind: 'emulator', endpoint: h.emulator.endpoint, region: 'us-east-1' }, { maxAttempts: 2 });
    try {
      await inject(h, 'GetAgentRuntime', 'ThrottlingException', 3);
      await expect(few.control.send(new GetAgentRuntimeCommand({ agentRuntimeId: rt.id }))).rejects.toBeInstanceOf(ThrottlingException);
      expect(few.meter.read()).toMatchObject({ apiCalls: 1, attempts: 2, throttled: 2 });
    } finally {
      await inject(h, 'GetAgentRuntime', 'ThrottlingException', 0);
      few.destroy();
    }
  });

  it('refuses unknown operations, errors and counts with a ValidationException naming the field', async () => {
    const bad = await inject(h, 'DescribeEverything', 'ThrottlingException', 1);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('x-amzn-errortype')).toBe('ValidationException');
    expect(await bad.text()).toMatch(/at 'operation' failed to satisfy constraint: Member must satisfy enum value set: \[.*InvokeAgentRuntimeCommand/);
    expect((await inject(h, 'GetAgentRuntime', 'ValidationException', 1)).status).toBe(400);
    expect((await inject(h, 'GetAgentRuntime', 'ThrottlingException', -1)).status).toBe(400);
  });

  it('keeps a runtime CREATING for the configured transition; createRuntime polls until READY', async () => {
    const input = h.target.createInput({ label: 'slow' });
    const created = await h.target.control.send(new CreateAgentRuntimeCommand(input));
    try {
      expect((await h.target.control.send(new GetAgentRuntimeCommand({ agentRuntimeId: created.agentRuntimeId! }))).status).toBe('CREATING');
      const before = h.target.meter.read().byOperation['GetAgentRuntime'] ?? 0;
      const t0 = Date.now();
      const rt = await h.resources.create({ label: 'slow2' });
      expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
      expect((h.target.meter.read().byOperation['GetAgentRuntime'] ?? 0) - before).toBeGreaterThan(1);
      expect((await h.resources.get(rt)).status).toBe('READY');
    } finally {
      await h.target.control.send(new DeleteAgentRuntimeCommand({ agentRuntimeId: created.agentRuntimeId! }));
    }
  });
});

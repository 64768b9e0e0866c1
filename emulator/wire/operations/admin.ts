// Emulator-only endpoints under /_ssc/, outside the AgentCore API: a health probe, and the controllable clock that
// makes idle timeouts, max lifetimes and the 14-day expiry testable in seconds, and injected failures (the next N
// calls of an operation answered with a real AWS error) for testing retries and cleanup. Never called by the suites
// against AWS; emulator tests use them through plain HTTP. Sandboxes cannot reach them (wire/peer-guard.ts).
import { INJECTABLE_ERRORS, type InjectableError } from '../faults.ts';
import type { AdminContext } from './context.ts';
import { json, type Operation } from '../types.ts';
import { FieldChecker } from '../../aws/field-checker.ts';
import { jsonObjectBody } from '../../aws/json-body.ts';

export const health: Operation<AdminContext> = {
  name: 'Health',
  method: 'GET',
  path: '/_ssc/health',
  handle: (_req, ctx) => json(200, { status: 'ok', liveSessions: ctx.sessions.liveCount, now: new Date(ctx.clock.now()).toISOString() }),
};

/** Moves the clock forward by `advanceSeconds` and applies every rule that became due (sessions stopped, data expired). */
export const advanceClock: Operation<AdminContext> = {
  name: 'AdvanceClock',
  method: 'POST',
  path: '/_ssc/clock',
  async handle(req, ctx) {
    const body = jsonObjectBody(req.body);
    const c = new FieldChecker();
    c.required('advanceSeconds', body['advanceSeconds']);
    c.int('advanceSeconds', body['advanceSeconds'], { min: 0, max: 10 * 365 * 24 * 3600 });
    c.done();
    ctx.clock.advance((body['advanceSeconds'] as number) * 1000);
    await ctx.sessions.sweep();
    return json(200, { now: new Date(ctx.clock.now()).toISOString(), liveSessions: ctx.sessions.liveCount });
  },
};

function oneOf(c: FieldChecker, name: string, value: unknown, allowed: readonly string[]): void {
  if (value !== undefined && (typeof value !== 'string' || !allowed.includes(value)))
    c.fail(name, value, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
}

/**
 * `{operation, error, count}`: the next `count` calls of `operation` (an API operation name such as
 * `InvokeAgentRuntimeCommand`) fail with `error` in the AWS shape; count 0 clears the operation's queue.
 */
export const injectFaults: Operation<AdminContext> = {
  name: 'InjectFaults',
  method: 'POST',
  path: '/_ssc/faults',
  handle(req, ctx) {
    const body = jsonObjectBody(req.body);
    const c = new FieldChecker();
    for (const key of ['operation', 'error', 'count']) c.required(key, body[key]);
    oneOf(c, 'operation', body['operation'], [...ctx.faults.operations]);
    oneOf(c, 'error', body['error'], INJECTABLE_ERRORS);
    c.int('count', body['count'], { min: 0, max: 10_000 });
    c.done();
    ctx.faults.arm(body['operation'] as string, body['error'] as InjectableError, body['count'] as number);
    return json(200, ctx.faults.state());
  },
};

/** What is armed, and how many injected failures each operation has answered. */
export const listFaults: Operation<AdminContext> = {
  name: 'ListFaults',
  method: 'GET',
  path: '/_ssc/faults',
  handle: (_req, ctx) => json(200, ctx.faults.state()),
};

export const adminOperations: Operation<AdminContext>[] = [health, advanceClock, injectFaults, listFaults];

// Emulator-only endpoints under /_ssc/, outside the AgentCore API: a health probe, and the controllable clock that
// makes idle timeouts, max lifetimes and the 14-day expiry testable in seconds. Never called by the suites against
// AWS; emulator tests use them through plain HTTP.
import type { ControllableClock } from '../../clock.ts';
import type { SessionManager } from '../../sessions/session-manager.ts';
import { json, type Operation } from '../types.ts';
import { FieldChecker } from '../validate.ts';
import { jsonObjectBody } from './data/common.ts';

export interface AdminContext {
  readonly clock: ControllableClock;
  readonly sessions: SessionManager;
}

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
    const body = jsonObjectBody(req);
    const c = new FieldChecker();
    c.required('advanceSeconds', body['advanceSeconds']);
    c.int('advanceSeconds', body['advanceSeconds'], { min: 0, max: 10 * 365 * 24 * 3600 });
    c.done();
    ctx.clock.advance((body['advanceSeconds'] as number) * 1000);
    await ctx.sessions.sweep();
    return json(200, { now: new Date(ctx.clock.now()).toISOString(), liveSessions: ctx.sessions.liveCount });
  },
};

export const adminOperations: Operation<AdminContext>[] = [health, advanceClock];

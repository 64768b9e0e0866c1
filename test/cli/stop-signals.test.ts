import { describe, expect, it } from 'vitest';
import { immediateExitCode, startedByNpm, stopRequest, type StopEvent, type StopState } from '../../cli/stop-signals.ts';

/** The requests a sequence of events makes, from a fresh start. */
function requests(events: readonly StopEvent[]): string[] {
  let state: StopState = { stopping: false, signalled: false };
  const out: string[] = [];
  for (const event of events) {
    const next = stopRequest(state, event);
    state = next.state;
    out.push(next.request ? `${next.request.mode} ${next.request.event}` : '-');
  }
  return out;
}

describe('stop requests of ssc emulator', () => {
  it.each([
    [['SIGINT'], ['graceful SIGINT']],
    [['SIGTERM', 'SIGINT'], ['graceful SIGTERM', 'immediate SIGINT']],
    [['SIGINT', 'SIGINT', 'SIGINT'], ['graceful SIGINT', 'immediate SIGINT', 'immediate SIGINT']],
    [['parent-exit'], ['graceful parent-exit']],
    [['SIGINT', 'parent-exit'], ['graceful SIGINT', '-']],
    // The parent (vitest, npm) may signal on its way out: that alone must not cut the stop short.
    [['parent-exit', 'SIGTERM'], ['graceful parent-exit', '-']],
    [['parent-exit', 'SIGTERM', 'SIGINT'], ['graceful parent-exit', '-', 'immediate SIGINT']],
  ] as [StopEvent[], string[]][])('%j → %j', (events, expected) => {
    expect(requests(events)).toEqual(expected);
  });

  it('exits as a shell reports death by the signal', () => {
    expect([immediateExitCode('SIGINT'), immediateExitCode('SIGTERM')]).toEqual([130, 143]);
  });

  it('watches its parent by default only when npm started it', () => {
    expect(startedByNpm({ npm_lifecycle_event: 'npx' })).toBe(true);
    expect(startedByNpm({ npm_lifecycle_event: 'emulator' })).toBe(true);
    expect(startedByNpm({})).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { dueStop, STORE_RETENTION_MS, storeExpired } from '../../../emulator/sessions/lifecycle-rules.ts';

const lifecycle = { idleRuntimeSessionTimeout: 900, maxLifetime: 28800 };

describe('dueStop', () => {
  const s = { startedAt: 0, lastActivityAt: 1000, commandsInFlight: 0 };
  it('stops an idle session exactly at the idle timeout', () => {
    expect(dueStop(s, lifecycle, 1000 + 899_999)).toBeUndefined();
    expect(dueStop(s, lifecycle, 1000 + 900_000)).toBe('idle-timeout');
  });
  it('never idle-stops a session with a command running', () => {
    expect(dueStop({ ...s, commandsInFlight: 1 }, lifecycle, 1000 + 10 * 900_000 - 1)).toBeUndefined();
  });
  it('stops any session at its max lifetime, busy or not', () => {
    expect(dueStop({ ...s, commandsInFlight: 1, lastActivityAt: 28_800_000 }, lifecycle, 28_800_000)).toBe('max-lifetime');
  });
});

describe('storeExpired', () => {
  it('clears data exactly 14 days after the last invocation', () => {
    expect(STORE_RETENTION_MS).toBe(14 * 86_400_000);
    expect(storeExpired(0, STORE_RETENTION_MS - 1)).toBe(false);
    expect(storeExpired(0, STORE_RETENTION_MS)).toBe(true);
  });
});

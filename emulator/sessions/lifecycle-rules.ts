// Pure decisions about when sessions end and stored data expires, from the runtime's lifecycle configuration and
// the emulator clock. Kept apart from the manager so the rules can be tested without sandboxes.
import type { LifecycleConfiguration } from '../control/data-plane-view.ts';

/** Stored session data is cleared when the session is not invoked for this long (documented: 14 days). */
export const STORE_RETENTION_MS = 14 * 24 * 60 * 60 * 1000;

export interface LiveSessionClock {
  startedAt: number;
  lastActivityAt: number;
  /** Commands still running count as activity: a session is never idle-stopped under a running command. */
  commandsInFlight: number;
}

export type StopReason = 'idle-timeout' | 'max-lifetime';

export function dueStop(s: LiveSessionClock, lifecycle: LifecycleConfiguration, now: number): StopReason | undefined {
  if (now - s.startedAt >= lifecycle.maxLifetime * 1000) return 'max-lifetime';
  if (s.commandsInFlight === 0 && now - s.lastActivityAt >= lifecycle.idleRuntimeSessionTimeout * 1000) return 'idle-timeout';
  return undefined;
}

export const storeExpired = (lastInvokedAt: number, now: number, retentionMs = STORE_RETENTION_MS): boolean =>
  now - lastInvokedAt >= retentionMs;

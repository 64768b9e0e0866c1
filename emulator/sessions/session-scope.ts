// What a session is, and which runtime events reset it. Pure.
//
// A session's compute and storage belong to (runtime, endpoint, exact session id). The Developer Guide deletes "all
// session storage data associated with the runtime or endpoint" on DeleteAgentRuntime / DeleteAgentRuntimeEndpoint,
// so data belongs to an endpoint; one id used through DEFAULT and through a named endpoint is two sessions (the guide
// is silent there; the profiles' `sessions` section states it). DEFAULT follows every new version, so a version
// update resets the sessions used through it; an endpoint pinned to an older version keeps serving that version,
// and its sessions keep their data until the endpoint itself moves (a version mismatch found at the next call).
import type { RuntimeEvent } from '../control/data-plane-view.ts';
import { DEFAULT_ENDPOINT } from '../control/data-plane-view.ts';
import { sessionKey } from '../store/session-store.ts';
import type { SessionDefects } from './session-defects.ts';

export interface SessionAddress {
  readonly agentRuntimeId: string;
  /** The qualifier the session is used through; stored data of older emulators has none: DEFAULT. */
  readonly endpointName?: string | undefined;
  readonly runtimeSessionId: string;
}

type IdentityDefects = Pick<SessionDefects, 'idKeptChars' | 'idCaseFolded'>;

/** What a target with one of the identity defects keeps of a session id (a plausible key-column bug). */
function identityOf(runtimeSessionId: string, defects: IdentityDefects): string {
  let id = runtimeSessionId;
  if (defects.idKeptChars !== undefined) id = id.slice(0, defects.idKeptChars);
  if (defects.idCaseFolded) id = id.toLowerCase();
  return id;
}

/**
 * The store and live-session key. DEFAULT keeps the key of earlier emulators (stored sessions resume after an
 * upgrade); a named endpoint adds its name after a NUL, which no session id (an HTTP header value) can contain.
 */
export function keyOf(address: SessionAddress, defects: IdentityDefects): string {
  const id = identityOf(address.runtimeSessionId, defects);
  const endpoint = address.endpointName ?? DEFAULT_ENDPOINT;
  return sessionKey(address.agentRuntimeId, endpoint === DEFAULT_ENDPOINT ? id : `${id}\0${endpoint}`);
}

/** How an event resets a session: `wipe` ends a live one without persisting and deletes the stored data. */
export interface Reset {
  readonly wipe: boolean;
}

/** Which sessions `event` resets (undefined: not this one). A defect may keep the data while ending the compute. */
export function resetBy(
  event: RuntimeEvent,
  address: SessionAddress,
  defects: Pick<SessionDefects, 'updateKeepsData' | 'endpointDeleteKeepsData'>,
): Reset | undefined {
  if (address.agentRuntimeId !== event.agentRuntimeId) return undefined;
  const endpoint = address.endpointName ?? DEFAULT_ENDPOINT;
  switch (event.kind) {
    case 'runtime-deleted':
      return { wipe: true };
    case 'version-created':
      return endpoint === DEFAULT_ENDPOINT ? { wipe: !defects.updateKeepsData } : undefined;
    case 'endpoint-deleted':
      return endpoint === event.endpointName ? { wipe: !defects.endpointDeleteKeepsData } : undefined;
  }
}

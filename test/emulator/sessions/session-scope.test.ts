import { describe, expect, it } from 'vitest';
import type { RuntimeEvent } from '../../../emulator/control/data-plane-view.ts';
import { parseDeviations } from '../../../emulator/deviations.ts';
import { sessionDefects } from '../../../emulator/sessions/session-defects.ts';
import { keyOf, resetBy, type SessionAddress } from '../../../emulator/sessions/session-scope.ts';
import { sessionKey } from '../../../emulator/store/session-store.ts';

const none = sessionDefects(parseDeviations([]));
const id = `ssc-abcd1234-${'a'.repeat(100)}`;
const at = (endpointName: string | undefined, runtimeSessionId = id, agentRuntimeId = 'rt_a-0123456789'): SessionAddress => ({
  agentRuntimeId,
  endpointName,
  runtimeSessionId,
});

describe('keyOf: a session is (runtime, endpoint, exact id)', () => {
  it('DEFAULT keeps the key stores of earlier emulators have; an absent endpoint is DEFAULT', () => {
    expect(keyOf(at('DEFAULT'), none)).toBe(sessionKey('rt_a-0123456789', id));
    expect(keyOf(at(undefined), none)).toBe(keyOf(at('DEFAULT'), none));
  });

  it('another endpoint, runtime, character or case is another session', () => {
    const keys = [
      at('DEFAULT'),
      at('prod'),
      at('dev'),
      at('DEFAULT', id, 'rt_b-0123456789'),
      at('DEFAULT', `${id.slice(0, -1)}b`),
      at('DEFAULT', id.toUpperCase()),
      at('DEFAULT', `${id}a`),
    ].map((a) => keyOf(a, none));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('the identity deviations merge what they should, and only that', () => {
    const truncated = sessionDefects(parseDeviations(['session-ids-truncated']));
    expect(keyOf(at('DEFAULT', `${id.slice(0, 64)}x`), truncated)).toBe(keyOf(at('DEFAULT', `${id.slice(0, 64)}y`), truncated));
    expect(keyOf(at('DEFAULT', `x${id.slice(1)}`), truncated)).not.toBe(keyOf(at('DEFAULT', id), truncated));
    const folded = sessionDefects(parseDeviations(['session-ids-case-folded']));
    expect(keyOf(at('DEFAULT', id.toUpperCase()), folded)).toBe(keyOf(at('DEFAULT', id), folded));
    expect(keyOf(at('prod'), folded)).not.toBe(keyOf(at('DEFAULT'), folded));
  });
});

describe('resetBy: which runtime events reset which sessions', () => {
  const rt = 'rt_a-0123456789';
  const events: Record<string, RuntimeEvent> = {
    update: { kind: 'version-created', agentRuntimeId: rt, agentRuntimeVersion: '2' },
    deleteRuntime: { kind: 'runtime-deleted', agentRuntimeId: rt },
    deleteProd: { kind: 'endpoint-deleted', agentRuntimeId: rt, endpointName: 'prod' },
  };
  it.each([
    ['update', 'DEFAULT', { wipe: true }],
    ['update', 'prod', undefined],
    ['deleteRuntime', 'DEFAULT', { wipe: true }],
    ['deleteRuntime', 'prod', { wipe: true }],
    ['deleteProd', 'prod', { wipe: true }],
    ['deleteProd', 'DEFAULT', undefined],
    ['deleteProd', 'dev', undefined],
  ] as const)('%s → a session through %s: %j', (event, endpoint, reset) => {
    expect(resetBy(events[event]!, at(endpoint), none)).toEqual(reset);
  });

  it('never touches another runtime', () => {
    for (const e of Object.values(events)) expect(resetBy(e, at('prod', id, 'rt_b-0123456789'), none)).toBeUndefined();
  });

  it('stored data without an endpoint (earlier emulators) is DEFAULT', () => {
    expect(resetBy(events.update!, at(undefined), none)).toEqual({ wipe: true });
  });

  it('deviations keep the data while ending the compute', () => {
    expect(resetBy(events.update!, at('DEFAULT'), sessionDefects(parseDeviations(['no-wipe-on-update'])))).toEqual({ wipe: false });
    expect(resetBy(events.deleteProd!, at('prod'), sessionDefects(parseDeviations(['endpoint-delete-keeps-storage'])))).toEqual({ wipe: false });
  });
});

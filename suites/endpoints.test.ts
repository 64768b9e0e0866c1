// Sessions and the control plane's deletions and endpoints (the Developer Guide's L8): what DeleteAgentRuntime and
// DeleteAgentRuntimeEndpoint delete, seen through the API, and, where the guide is silent, what a session id is across
// qualifiers and what an endpoint pinned to an older version keeps (observed; asserted where the profile's `sessions`
// section declares it). Every test creates its own runtime; each session writes a marker, stops (so the data is in
// durable storage), and is then looked at again.
import { describe, expect } from 'vitest';
import { conformanceTest, shQuote, type Session } from '../fixtures/index.ts';

/** A named endpoint (the data plane's qualifier); endpoint names allow letters, digits and `_`. */
const ENDPOINT = 'ssc_ep';

/** Writes `marker` under the session's mount and stops the session, so the marker is in durable storage. */
async function leaveMarker(session: Session, marker: string): Promise<void> {
  await session.check(`echo ${shQuote(marker)} > ${shQuote(`${session.mountPath}/marker`)}`);
  await session.stop();
}

/** What the session's mount holds: its entries, one per line (empty for an empty mount). */
const mountEntries = async (session: Session): Promise<string> => session.check(`ls -A ${shQuote(session.mountPath)}`);

/** The session's marker, or undefined when its mount has none. */
async function markerOf(session: Session): Promise<string | undefined> {
  const out = await session.check(`cat ${shQuote(`${session.mountPath}/marker`)} 2>/dev/null || true`);
  return out === '' ? undefined : out.trim();
}

/** The error a call fails with, by name, or 'none'. */
const errorName = (call: Promise<unknown>): Promise<string> =>
  call.then(
    () => 'none',
    (e: unknown) => (e as Error).name,
  );

describe('deleting a runtime or an endpoint deletes its session data', () => {
  conformanceTest('life/delete-runtime-wipes')(
    'a runtime deleted and created again under the same name gives the old session ids an empty mount',
    async ({ runtimes, sessions, observe }) => {
      const first = await runtimes.create({ label: 'del_rt' });
      const old = sessions.open(first, { label: 'del-rt' });
      await leaveMarker(old, 'before delete');
      expect(await markerOf(old)).toBe('before delete'); // stored, and resumed
      await old.stop();
      await runtimes.delete(first);
      const second = await runtimes.recreate(first);
      observe('same runtime id after re-creation', second.id === first.id);
      const again = sessions.open(second, { id: old.id });
      expect(await mountEntries(again)).toBe('');
    },
  );

  conformanceTest('life/delete-endpoint-wipes')(
    "an endpoint deleted and created again under its name gives its sessions an empty mount; DEFAULT's keep their data",
    async ({ runtimes, sessions, observe }) => {
      const runtime = await runtimes.create({ label: 'del_ep' });
      await runtimes.createEndpoint(runtime, ENDPOINT);
      const viaEndpoint = sessions.open(runtime, { label: 'del-ep', qualifier: ENDPOINT });
      const viaDefault = sessions.open(runtime, { label: 'del-ep-default' });
      await leaveMarker(viaEndpoint, 'endpoint');
      await leaveMarker(viaDefault, 'default');
      await runtimes.deleteEndpoint(runtime, ENDPOINT);
      observe('a session through the deleted endpoint', await errorName(viaEndpoint.run('true')));
      await runtimes.createEndpoint(runtime, ENDPOINT);
      expect(await mountEntries(viaEndpoint)).toBe('');
      expect(await markerOf(viaDefault)).toBe('default');
    },
  );
});

describe('what the guide leaves open (observed; asserted where the profile declares it)', () => {
  conformanceTest('life/session-across-qualifiers')(
    'one session id through DEFAULT and through a named endpoint on the same version',
    async ({ runtimes, sessions, profile, observe }) => {
      const runtime = await runtimes.create({ label: 'two_quals' });
      await runtimes.createEndpoint(runtime, ENDPOINT);
      const viaDefault = sessions.open(runtime, { label: 'two-quals' });
      const viaEndpoint = sessions.open(runtime, { id: viaDefault.id, qualifier: ENDPOINT });
      await leaveMarker(viaDefault, 'default');
      const seen = await markerOf(viaEndpoint);
      const scope = seen === 'default' ? 'shared' : seen === undefined ? 'separate' : `unexpected marker '${seen}'`;
      const declared = profile.sessions.acrossQualifiers;
      observe('storage across qualifiers', scope, declared === 'observe' ? undefined : declared);
      if (declared !== 'observe') expect(scope).toBe(declared);
    },
  );

  conformanceTest('life/pinned-endpoint-after-update', 'life/version-update-wipes')(
    'after a version update: DEFAULT sessions start empty, a session through an endpoint pinned to the old version',
    // life/version-update-wipes alone would make it a quick-tier test; the quick tier has its own.
    { tier: 'standard' },
    async ({ runtimes, sessions, profile, observe }) => {
      const runtime = await runtimes.create({ label: 'pinned' });
      await runtimes.createEndpoint(runtime, ENDPOINT, '1');
      const viaEndpoint = sessions.open(runtime, { label: 'pinned', qualifier: ENDPOINT });
      const viaDefault = sessions.open(runtime, { label: 'pinned-default' });
      await leaveMarker(viaEndpoint, 'pinned');
      await leaveMarker(viaDefault, 'default');
      const { updated } = await runtimes.update(runtime, { description: 'a new version, same storage' });
      expect(updated.agentRuntimeVersion).toBe('2');
      expect((await runtimes.endpoint(runtime, ENDPOINT)).targetVersion).toBe('1');
      expect(await mountEntries(viaDefault)).toBe('');
      const seen = await markerOf(viaEndpoint);
      const outcome = seen === 'pinned' ? 'kept' : seen === undefined ? 'reset' : `unexpected marker '${seen}'`;
      const declared = profile.sessions.pinnedEndpointAfterUpdate;
      observe('pinned endpoint after an update', outcome, declared === 'observe' ? undefined : declared);
      if (declared !== 'observe') expect(outcome).toBe(declared);
    },
  );
});

// A shutdown (SIGTERM, Ctrl-C) can come while requests are being served: sessions still being provisioned for
// requests the emulator already accepted must be stopped too, not become live after the stop and outlive it.
import { mkdtemp, rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../../emulator/index.ts';
import { TestResources } from '../../../fixtures/resources.ts';
import { newRunId } from '../../../fixtures/run-id.ts';
import { buildTarget } from '../../../fixtures/target.ts';
import { leftovers } from '../__test-helpers__/leftovers.ts';

describe('closing the emulator while sessions are being provisioned', () => {
  it('stops them as well: no mount, uid claim or process is left', { timeout: 120_000 }, async () => {
    const dir = await mkdtemp('/tmp/ssc-close-in-flight-');
    try {
      const emulator = await startEmulator({ stateDir: dir });
      const target = buildTarget({ target: { kind: 'emulator', endpoint: emulator.endpoint, region: emulator.region }, runId: newRunId() });
      const resources = new TestResources(target);
      const runtime = await resources.create();
      const sessions = Array.from({ length: 6 }, (_, i) => resources.open(runtime, { label: `s${i}` }));
      const runs = sessions.map((s) => s.run('true').catch((e: unknown) => e));
      // Close as soon as the first is live: the others are then mid-provision (their requests are accepted).
      await expect.poll(async () => ((await (await fetch(`${emulator.endpoint}/_ssc/health`)).json()) as { liveSessions: number }).liveSessions, { interval: 5, timeout: 60_000 }).toBeGreaterThan(0);
      await emulator.close();
      await Promise.all(runs);
      target.destroy();
      // A uid goes back (its claim removed) only once no process of it is left.
      expect(await leftovers(dir, process.pid, [])).toEqual({ mounts: [], claims: [], processes: '' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

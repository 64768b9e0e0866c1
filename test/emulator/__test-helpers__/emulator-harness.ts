// An in-process emulator plus the suites' own fixtures (target, runtimes, sessions), for tests of the emulator's
// behaviour through the real SDK. Tests that need a deliberately broken emulator pass deviations.
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../../emulator/index.ts';
import { TestResources } from '../../../fixtures/resources.ts';
import { newRunId } from '../../../fixtures/run-id.ts';
import { buildTarget, type Target } from '../../../fixtures/target.ts';

export interface Harness {
  emulator: RunningEmulator;
  target: Target;
  resources: TestResources;
  /** POST /_ssc/clock: moves the emulator clock and applies whatever became due. */
  advanceClock(seconds: number): Promise<{ liveSessions: number }>;
  close(): Promise<void>;
}

export async function startHarness(options: EmulatorOptions = {}): Promise<Harness> {
  const emulator = await startEmulator(options);
  const target = buildTarget({ target: { kind: 'emulator', endpoint: emulator.endpoint, region: emulator.region }, runId: newRunId() });
  const resources = new TestResources(target);
  return {
    emulator,
    target,
    resources,
    async advanceClock(seconds) {
      const res = await fetch(`${emulator.endpoint}/_ssc/clock`, { method: 'POST', body: JSON.stringify({ advanceSeconds: seconds }) });
      if (!res.ok) throw new Error(`clock advance failed: ${res.status} ${await res.text()}`);
      return (await res.json()) as { liveSessions: number };
    },
    async close() {
      await resources.cleanup().catch(() => undefined);
      target.destroy();
      await emulator.close();
    },
  };
}

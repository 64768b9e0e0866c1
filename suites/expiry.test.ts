// Time-driven rules: idle timeout and maximum lifetime end a session's compute (its storage survives), and stored
// data expires after 14 days without an invocation. On the emulator time is moved forward; on a real target the
// suite waits, within the run's wait budget (SSC_MAX_WAIT_SECONDS): a test that would need longer is reported
// not-verifiable-on-target (AgentCore's profile also lists the 14-day rule as not verifiable).
import { describe, expect } from 'vitest';
import { conformanceTest, shQuote, type Session } from '../fixtures/index.ts';

/** A file under the mount (must survive) and one in /tmp (gone once the compute is replaced). */
async function plant(session: Session): Promise<void> {
  await session.check(`echo kept > ${shQuote(`${session.mountPath}/kept`)} && echo compute > /tmp/ssc-compute-marker`);
}
const probe = (session: Session) =>
  session.check(`cat ${shQuote(`${session.mountPath}/kept`)} 2>/dev/null || echo no-mount-file; cat /tmp/ssc-compute-marker 2>/dev/null || echo new-compute`);

describe('session lifetime', () => {
  conformanceTest('api/session-lifetime')('an idle session is stopped after its idle timeout and continues on new compute', { timeout: 900_000 }, async ({ runtimes, sessions, letTimePass }) => {
    const rt = await runtimes.create({ lifecycleConfiguration: { idleRuntimeSessionTimeout: 60, maxLifetime: 600 } });
    const session = sessions.open(rt);
    await plant(session);
    await letTimePass(30);
    expect(await probe(session)).toBe('kept\ncompute\n');
    await letTimePass(75);
    expect(await probe(session)).toBe('kept\nnew-compute\n');
  });

  conformanceTest('api/session-lifetime')('a busy session is stopped at its maximum lifetime and continues on new compute', { timeout: 900_000 }, async ({ runtimes, sessions, letTimePass }) => {
    const rt = await runtimes.create({ lifecycleConfiguration: { idleRuntimeSessionTimeout: 60, maxLifetime: 120 } });
    const session = sessions.open(rt);
    await plant(session);
    // Activity every 40 s keeps it from idling, not from ageing.
    for (let i = 0; i < 4; i++) {
      await letTimePass(40);
      await session.check('true');
    }
    expect(await probe(session)).toBe('kept\nnew-compute\n');
  });
});

describe('stored data expiry', () => {
  conformanceTest('life/idle-expiry-14d')('data is kept 14 days after the last invocation, and cleared after', async ({ session, letTimePass, profile }) => {
    const expiry = profile.lifecycle.storeIdleExpirySeconds;
    await plant(session);
    await session.stop();
    await letTimePass(expiry - 3600);
    expect(await probe(session)).toBe('kept\nnew-compute\n');
    await session.stop();
    await letTimePass(expiry);
    expect(await probe(session)).toBe('no-mount-file\nnew-compute\n');
  });
});

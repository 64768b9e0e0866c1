// Load: 20 sessions at once, 50 commands each (sequential within a session), every session stopped and resumed
// half-way. Each command writes a file whose content is unique to the session and the step, and reads back the one
// the previous step wrote: a lost write, a stale read or another session's data shows up as a wrong answer. At the
// end every session holds exactly its 50 files. Prints throughput and latency (quoted in the README).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeHandle } from '../../../fixtures/runtimes.ts';
import type { Session } from '../../../fixtures/session.ts';
import { startHarness, type Harness } from '../__test-helpers__/emulator-harness.ts';

const SESSIONS = Number(process.env.SSC_LOAD_SESSIONS ?? 20);
const COMMANDS = Number(process.env.SSC_LOAD_COMMANDS ?? 50);

let h: Harness;
let runtime: RuntimeHandle;

beforeAll(async () => {
  h = await startHarness();
  runtime = await h.resources.create({ label: 'load' });
});
afterAll(async () => h?.close());

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** The session's 50 steps; returns each command's latency in ms, and the stop→first-command time. */
async function drive(session: Session, token: string): Promise<{ latencies: number[]; resumeMs: number }> {
  const latencies: number[] = [];
  let resumeMs = 0;
  for (let i = 0; i < COMMANDS; i++) {
    if (i === COMMANDS / 2) {
      const t = performance.now();
      await session.stop();
      // The first command after the stop resumes the session; its time counts as the resume.
      expect(await session.check(`cat /mnt/workspace/f-${i - 1}`)).toBe(`${token}-${i - 1}`);
      resumeMs = performance.now() - t;
    }
    const t = performance.now();
    const previous = i === 0 ? 'true' : `cat /mnt/workspace/f-${i - 1}`;
    const out = await session.check(`printf %s ${token}-${i} > /mnt/workspace/f-${i} && ${previous}`);
    latencies.push(performance.now() - t);
    expect(out, `step ${i} of ${token}`).toBe(i === 0 ? '' : `${token}-${i - 1}`);
  }
  return { latencies, resumeMs };
}

describe(`${SESSIONS} concurrent sessions × ${COMMANDS} commands`, () => {
  it('lose nothing and mix nothing up, across a stop/resume each', { timeout: 300_000 }, async () => {
    const sessions = Array.from({ length: SESSIONS }, (_, i) => ({ session: h.resources.open(runtime, { label: `load${i}` }), token: `s${i}-${randomUUID()}` }));
    const started = performance.now();
    const results = await Promise.all(sessions.map(({ session, token }) => drive(session, token)));
    const wallMs = performance.now() - started;

    const expected = (token: string) => Array.from({ length: COMMANDS }, (_, i) => `f-${i} ${token}-${i}`).sort().join('\n') + '\n';
    for (const { session, token } of sessions)
      expect(await session.check('cd /mnt/workspace && for f in *; do printf "%s %s\\n" "$f" "$(cat "$f")"; done | sort')).toBe(expected(token));

    const all = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const resumes = results.map((r) => r.resumeMs).sort((a, b) => a - b);
    const commands = SESSIONS * COMMANDS;
    console.log(
      `load: ${SESSIONS} sessions × ${COMMANDS} commands in ${(wallMs / 1000).toFixed(1)} s = ${(commands / (wallMs / 1000)).toFixed(1)} commands/s; ` +
        `command latency p50 ${percentile(all, 50).toFixed(0)} ms, p95 ${percentile(all, 95).toFixed(0)} ms, max ${all.at(-1)!.toFixed(0)} ms; ` +
        `stop+resume p50 ${percentile(resumes, 50).toFixed(0)} ms, max ${resumes.at(-1)!.toFixed(0)} ms`,
    );
    expect(all).toHaveLength(commands);
  });
});

// InvokeAgentRuntimeCommand's output as the Developer Guide's quotas put it: every contentDelta carries at most the
// profile's chunk size ("streaming chunk up to 64 KB for each event"), the deltas together are the whole output in
// order, and output up to the response size ("response up to 100 MB") arrives whole. What a target does past that
// size is not documented: it is recorded. Sizes are UTF-8 bytes of the text a client receives.
import { describe, expect } from 'vitest';
import { conformanceTest, measureCommandOutput, shQuote, type Observe, type OutputMeasure } from '../fixtures/index.ts';

/** Deterministic output of about 1 MB (bash and coreutils only): short ASCII lines, one long line of 2- to 4-byte
 * characters, one long ASCII line; and about 300 KB of multi-byte text on stderr. */
const MIXED_STDOUT = "seq -f 'line %g: ascii text to fill the pipe' 1 3000; printf 'é✓漢字🙂%.0s' {1..40000}; echo; head -c 300000 /dev/zero | tr '\\0' x; echo";
const MIXED_STDERR = "printf 'warning: é✓ %.0s' {1..20000} >&2";

/** Every delta within the chunk size; the count and the largest recorded. */
function expectDeltasWithin(m: OutputMeasure, chunkBytes: number, observe: Observe): void {
  observe('contentDelta events', m.deltaBytes.length);
  observe('largest contentDelta (bytes)', Math.max(0, ...m.deltaBytes));
  expect(m.deltaBytes.length).toBeGreaterThan(0);
  expect(m.deltaBytes.filter((bytes) => bytes > chunkBytes), `deltas over ${chunkBytes} bytes`).toEqual([]);
}

describe('contentDelta size', () => {
  conformanceTest('api/command-output-chunk-size', 'api/command-event-stream')(
    'every contentDelta is within the chunk size, and the deltas are the whole output in order',
    async ({ session, profile, observe }) => {
      const m = await measureCommandOutput(await session.stream(`${MIXED_STDOUT}; ${MIXED_STDERR}`));
      const [sha256, stdoutBytes, stderrBytes] = (
        await session.check(`{ ${MIXED_STDOUT}; } | sha256sum | cut -d' ' -f1; { ${MIXED_STDOUT}; } | wc -c; { ${MIXED_STDERR}; } 2>&1 | wc -c`)
      ).trim().split('\n');
      expect(m).toMatchObject({ ending: { kind: 'contentStop' }, exitCode: 0, status: 'COMPLETED' });
      expect({ sha256: m.stdoutSha256, stdoutBytes: m.stdoutBytes, stderrBytes: m.stderrBytes }).toEqual({
        sha256,
        stdoutBytes: Number(stdoutBytes),
        stderrBytes: Number(stderrBytes),
      });
      expectDeltasWithin(m, profile.api.commandOutput.chunkBytes, observe);
    },
  );

  conformanceTest('api/command-output-chunk-size')('output that is not UTF-8 is cut to the chunk size as well', async ({ session, profile, observe }) => {
    // Undecodable bytes reach a client as text too (each as U+FFFD on the emulator: three bytes for one).
    const m = await measureCommandOutput(await session.stream('head -c 262144 /dev/urandom; head -c 65536 /dev/urandom >&2'));
    expect(m).toMatchObject({ ending: { kind: 'contentStop' }, exitCode: 0 });
    observe('stdout bytes received for 262144 bytes written', m.stdoutBytes);
    expectDeltasWithin(m, profile.api.commandOutput.chunkBytes, observe);
  });
});

describe('response size', () => {
  // 64-byte lines: what arrived can be checked as an exact prefix of the output by hashing as many bytes in the session.
  const LINE = 'ssc response-size line 0123456789abcdefghijklmnopqrstuvwxyz01234';
  const output = (bytes: number) => `yes ${shQuote(LINE)} | head -c ${bytes}`;

  conformanceTest('api/command-response-limit', 'api/command-output-chunk-size')(
    'output up to the response size arrives whole and in order; what happens past it is recorded',
    { tier: 'full', timeout: 900_000 },
    async ({ session, profile, observe }) => {
      const { responseBytes, chunkBytes } = profile.api.commandOutput;
      const produced = responseBytes + 8 * 2 ** 20;
      const m = await measureCommandOutput(await session.stream(output(produced), { timeout: 900 }));
      observe('bytes produced', produced);
      observe('bytes received', m.stdoutBytes + m.stderrBytes);
      observe('ending', m.ending.kind === 'error' ? `${m.ending.name}: ${m.ending.message}` : m.ending.kind);
      observe('exitCode', m.exitCode ?? null);
      expectDeltasWithin(m, chunkBytes, observe);
      expect(m.stderrBytes).toBe(0);
      expect(m.stdoutBytes, 'output within the response size was cut short').toBeGreaterThanOrEqual(responseBytes);
      const prefix = (await session.check(`${output(m.stdoutBytes)} | sha256sum | cut -d' ' -f1`)).trim();
      expect(m.stdoutSha256, 'what arrived is not the output, in order').toBe(prefix);
    },
  );
});

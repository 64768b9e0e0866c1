// How the emulator cuts command output into contentDelta events (64 KiB each) and ends a response past 100 MiB.
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { loadProfile, PROFILES_DIR } from '../../../spec/profile.ts';
import type { CommandEvent } from '../../../emulator/sandbox/commands.ts';
import { bufferOutput, limitOutput, OUTPUT_LIMITS, splitUtf8, utf8Head } from '../../../emulator/wire/operations/data/command-output.ts';
import { AwsError } from '../../../emulator/aws/errors.ts';

const bytesOf = (s: string) => Buffer.byteLength(s, 'utf8');

async function* from(events: CommandEvent[]): AsyncGenerator<CommandEvent> {
  yield* events;
}

async function drain(events: AsyncIterable<CommandEvent>): Promise<{ out: CommandEvent[]; error: unknown }> {
  const out: CommandEvent[] = [];
  try {
    for await (const e of events) out.push(e);
  } catch (error) {
    return { out, error };
  }
  return { out, error: undefined };
}

const exit: CommandEvent = { kind: 'exit', exitCode: 0, timedOut: false };

describe('splitUtf8', () => {
  test('pieces rejoin to the text, each at most the limit, never splitting a code point', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.integer({ min: 4, max: 64 }), (text, max) => {
        const pieces = splitUtf8(text, max);
        // A split inside a code point would decode to U+FFFD, and the pieces would no longer rejoin to the text.
        expect(pieces.join('')).toBe(text);
        for (const p of pieces) {
          expect(bytesOf(p)).toBeLessThanOrEqual(max);
          expect(p).not.toBe('');
        }
      }),
      { numRuns: 300 },
    );
  });

  test('a short text is one piece; the empty text none; a 4-byte minimum', () => {
    expect(splitUtf8('abc', 64)).toEqual(['abc']);
    expect(splitUtf8('', 64)).toEqual([]);
    expect(() => splitUtf8('abc', 3)).toThrow(/at least 4/);
  });

  test('utf8Head stops before a code point that does not fit', () => {
    expect(utf8Head('aé✓', 3)).toBe('aé');
    expect(utf8Head('aé✓', 5)).toBe('aé');
    expect(utf8Head('aé✓', 6)).toBe('aé✓');
    expect(utf8Head('abc', 0)).toBe('');
  });
});

test("the limits are the ones the emulator's profile declares", () => {
  expect(OUTPUT_LIMITS).toEqual(loadProfile(join(PROFILES_DIR, 'emulator.yaml')).profile.api.commandOutput);
});

describe('limitOutput', () => {
  test('a read decoded with replacement characters (three bytes each) is cut to 64 KiB deltas, in order', async () => {
    const binary = '\uFFFD'.repeat(65_536); // one 64 KiB read of undecodable bytes: 192 KiB of text
    const { out, error } = await drain(limitOutput(from([{ kind: 'stdout', text: binary }, { kind: 'stderr', text: 'e' }, exit]), OUTPUT_LIMITS, () => {}));
    expect(error).toBeUndefined();
    const deltas = out.filter((e): e is Extract<CommandEvent, { text: string }> => e.kind !== 'exit');
    expect(deltas.map((e) => bytesOf(e.text))).toEqual([65_535, 65_535, 65_535, 3, 1]);
    expect(deltas.slice(0, 4).map((e) => e.text).join('')).toBe(binary);
    expect(out.at(-1)).toEqual(exit);
  });

  test('at the response limit: the crossing piece is cut there, the command is stopped, the stream ends in ServiceQuotaExceededException', async () => {
    let stopped = 0;
    const limits = { chunkBytes: 8, responseBytes: 20 };
    const events = from([{ kind: 'stdout', text: 'x'.repeat(12) }, { kind: 'stderr', text: 'y'.repeat(12) }, { kind: 'stdout', text: 'never' }, exit]);
    const { out, error } = await drain(limitOutput(events, limits, () => stopped++));
    expect(out).toEqual([
      { kind: 'stdout', text: 'xxxxxxxx' },
      { kind: 'stdout', text: 'xxxx' },
      { kind: 'stderr', text: 'yyyyyyyy' },
    ]);
    expect(stopped).toBe(1);
    expect(error).toBeInstanceOf(AwsError);
    expect(error).toMatchObject({ name: 'ServiceQuotaExceededException', status: 402, message: expect.stringContaining('20 bytes') });
  });

  test('output of exactly the limit ends normally', async () => {
    let stopped = 0;
    const { out, error } = await drain(limitOutput(from([{ kind: 'stdout', text: 'x'.repeat(20) }, exit]), { chunkBytes: 8, responseBytes: 20 }, () => stopped++));
    expect(error).toBeUndefined();
    expect(stopped).toBe(0);
    expect(out.at(-1)).toEqual(exit);
  });
});

describe('the output-in-large-chunks deviation', () => {
  test('holds output back until 256 KiB gathered, per stream', async () => {
    const piece = 'z'.repeat(65_536);
    const { out } = await drain(bufferOutput(from([...Array.from({ length: 5 }, () => ({ kind: 'stdout', text: piece }) as const), { kind: 'stderr', text: 'e' }, exit]), 4 * 65_536));
    expect(out.map((e) => (e.kind === 'exit' ? 'exit' : `${e.kind}:${bytesOf(e.text)}`))).toEqual(['stdout:262144', 'stdout:65536', 'stderr:1', 'exit']);
  });
});

// How a command's output is cut into contentDelta events. The Developer Guide's quotas for InvokeAgentRuntimeCommand:
// "streaming chunk up to 64 KB for each event" and "response up to 100 MB". Both are counted in UTF-8 bytes of the
// stdout/stderr text a client receives: the init reads 64 KiB at a time, but undecodable bytes become U+FFFD (three
// bytes each), so the text of one read can be three times larger and must be split again here. Pure async generators.
import type { CommandEvent } from '../../../sandbox/commands.ts';
import { AwsError } from '../../../aws/errors.ts';

export interface OutputLimits {
  /** UTF-8 bytes of text one contentDelta carries at most. */
  readonly chunkBytes: number;
  /** UTF-8 bytes of stdout and stderr text one response carries at most. */
  readonly responseBytes: number;
}

export const OUTPUT_LIMITS: OutputLimits = { chunkBytes: 64 * 1024, responseBytes: 100 * 1024 * 1024 };

/** The `output-in-large-chunks` deviation: output held back and sent in deltas of this size. */
export const DEVIANT_CHUNK_BYTES = 256 * 1024;

/** Index in `bytes` (UTF-8) at or before `limit` that does not fall inside a code point. */
function boundaryAtOrBefore(bytes: Buffer, limit: number): number {
  if (limit >= bytes.length) return bytes.length;
  let i = limit;
  // Continuation bytes are 0b10xxxxxx: step back to the first byte of the code point `limit` falls into.
  while (i > 0 && (bytes[i]! & 0xc0) === 0x80) i--;
  return i;
}

/** Splits `text` into pieces of at most `maxBytes` UTF-8 bytes, never inside a code point. */
export function splitUtf8(text: string, maxBytes: number): string[] {
  if (maxBytes < 4) throw new RangeError(`splitUtf8: maxBytes must be at least 4 (one code point), got ${maxBytes}`);
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text === '' ? [] : [text];
  const bytes = Buffer.from(text, 'utf8');
  const pieces: string[] = [];
  for (let start = 0; start < bytes.length; ) {
    const end = boundaryAtOrBefore(bytes, start + maxBytes);
    pieces.push(bytes.toString('utf8', start, end));
    start = end;
  }
  return pieces;
}

/** The longest prefix of `text` of at most `maxBytes` UTF-8 bytes. */
export function utf8Head(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  return bytes.toString('utf8', 0, boundaryAtOrBefore(bytes, Math.max(0, maxBytes)));
}

const responseTooLarge = (limit: number): AwsError =>
  new AwsError(
    'ServiceQuotaExceededException',
    `The command's output exceeded the maximum response size of ${limit} bytes: output beyond it was dropped and the command was stopped`,
  );

/**
 * Output events cut to `chunkBytes` each; once `responseBytes` have been passed on, the piece that crosses the limit
 * is cut at it, `onOverflow` is called (the caller stops the command) and the stream ends with
 * ServiceQuotaExceededException instead of contentStop.
 */
export async function* limitOutput(
  events: AsyncIterable<CommandEvent>,
  limits: OutputLimits,
  onOverflow: () => void,
): AsyncGenerator<CommandEvent> {
  let sent = 0;
  for await (const e of events) {
    if (e.kind === 'exit') {
      yield e;
      continue;
    }
    for (const text of splitUtf8(e.text, limits.chunkBytes)) {
      const bytes = Buffer.byteLength(text, 'utf8');
      if (sent + bytes > limits.responseBytes) {
        const head = utf8Head(text, limits.responseBytes - sent);
        if (head !== '') yield { kind: e.kind, text: head };
        onOverflow();
        throw responseTooLarge(limits.responseBytes);
      }
      sent += bytes;
      yield { kind: e.kind, text };
    }
  }
}

/** The deviation: stdout and stderr are each held back until `bytes` have gathered (or the command ended). */
export async function* bufferOutput(events: AsyncIterable<CommandEvent>, bytes: number): AsyncGenerator<CommandEvent> {
  const held = { stdout: '', stderr: '' };
  const flush = function* (kind: 'stdout' | 'stderr'): Generator<CommandEvent> {
    if (held[kind] !== '') yield { kind, text: held[kind] };
    held[kind] = '';
  };
  for await (const e of events) {
    if (e.kind === 'exit') {
      yield* flush('stdout');
      yield* flush('stderr');
      yield e;
      continue;
    }
    held[e.kind] += e.text;
    if (Buffer.byteLength(held[e.kind], 'utf8') >= bytes) yield* flush(e.kind);
  }
}

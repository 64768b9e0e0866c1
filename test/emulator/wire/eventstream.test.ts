import { describe, expect, it } from 'vitest';
import { EventStreamCodec } from '@smithy/core/event-streams';
import { decodeStreamMessage, encodeStreamMessage, streamExceptionType } from '../../../emulator/wire/eventstream.ts';

// Decoding with the SDK's own codec (not ours) proves the frames are what the client expects.
const sdkCodec = new EventStreamCodec(
  (b) => Buffer.from(b).toString('utf8'),
  (s) => new Uint8Array(Buffer.from(s, 'utf8')),
);

describe('event-stream framing', () => {
  it('encodes a chunk event the SDK codec decodes, with the modelled headers', () => {
    const bytes = encodeStreamMessage({ kind: 'event', eventType: 'chunk', payload: { contentDelta: { stdout: 'héllo\n' } } });
    const m = sdkCodec.decode(bytes);
    expect(m.headers[':message-type']?.value).toBe('event');
    expect(m.headers[':event-type']?.value).toBe('chunk');
    expect(m.headers[':content-type']?.value).toBe('application/json');
    expect(JSON.parse(Buffer.from(m.body).toString('utf8'))).toEqual({ contentDelta: { stdout: 'héllo\n' } });
  });

  it('encodes modelled errors as exceptions with the lowerCamel member name', () => {
    const bytes = encodeStreamMessage({
      kind: 'exception',
      exceptionType: streamExceptionType('RuntimeClientError'),
      payload: { message: 'boom' },
    });
    const { headers, payload } = decodeStreamMessage(bytes);
    expect(headers).toMatchObject({ ':message-type': 'exception', ':exception-type': 'runtimeClientError' });
    expect(payload).toEqual({ message: 'boom' });
  });

  it('rejects a frame whose CRC was damaged (the codec checks what we produce)', () => {
    const bytes = encodeStreamMessage({ kind: 'event', eventType: 'chunk', payload: { contentStart: {} } });
    bytes[bytes.length - 6] = bytes[bytes.length - 6]! ^ 0xff;
    expect(() => sdkCodec.decode(bytes)).toThrow();
  });
});

// The one place that knows the AWS event-stream framing. Encoding (prelude, headers, CRC32s) is done by smithy's
// EventStreamCodec, the same code the SDK decodes with.
import { EventStreamCodec } from '@smithy/core/event-streams';
import type { MessageHeaders } from '@smithy/types';
import type { StreamMessage } from './types.ts';

const codec = new EventStreamCodec(
  (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8'),
  (text: string) => new Uint8Array(Buffer.from(text, 'utf8')),
);

const str = (value: string) => ({ type: 'string' as const, value });

export const EVENT_STREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream';

/** Encodes one message. Events carry `:event-type`; modelled errors `:exception-type` with the lowerCamel member name. */
export function encodeStreamMessage(message: StreamMessage): Uint8Array {
  const body = new Uint8Array(Buffer.from(JSON.stringify(message.payload), 'utf8'));
  const headers: MessageHeaders =
    message.kind === 'event'
      ? { ':message-type': str('event'), ':event-type': str(message.eventType), ':content-type': str('application/json') }
      : {
          ':message-type': str('exception'),
          ':exception-type': str(message.exceptionType),
          ':content-type': str('application/json'),
        };
  return codec.encode({ headers, body });
}

/** Decodes one complete message; used by tests and by tools that inspect recorded streams. */
export function decodeStreamMessage(bytes: Uint8Array): { headers: Record<string, unknown>; payload: unknown } {
  const m = codec.decode(bytes);
  const headers = Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, v.value]));
  return { headers, payload: JSON.parse(Buffer.from(m.body).toString('utf8')) };
}

/** lowerCamel member name of a modelled error in the InvokeAgentRuntimeCommand stream union. */
export const streamExceptionType = (errorName: string): string => errorName.charAt(0).toLowerCase() + errorName.slice(1);

// TCP connections into a session's network namespace, carried over the init's pipe protocol (connect/send/close →
// recv/closed). The sandbox has its own loopback-only network namespace, so nothing on the host can reach the agent's
// port 8080 directly; the init, which lives in that namespace, opens the connection and relays bytes. Each
// connection is a Duplex, so node's own HTTP client runs over it (framing, chunked bodies and streaming are node's,
// not ours).
import { Duplex } from 'node:stream';
import type { InitMessage, InitRequest } from './init-protocol.ts';

export type TunnelMessage = Extract<InitMessage, { op: 'recv' | 'closed' }>;
type Send = (message: Extract<InitRequest, { op: 'connect' | 'send' | 'close' }>) => void;

/** Base64 grows data by a third and every piece is one JSON line: keep lines modest. */
const MAX_PIECE_BYTES = 256 * 1024;

export class TunnelSocket extends Duplex {
  readonly #id: number;
  readonly #send: Send;
  #closedByPeer = false;

  constructor(id: number, send: Send) {
    super();
    this.#id = id;
    this.#send = send;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    for (let at = 0; at < chunk.length; at += MAX_PIECE_BYTES)
      this.#send({ op: 'send', id: this.#id, data: chunk.subarray(at, at + MAX_PIECE_BYTES).toString('base64') });
    done();
  }

  override _read(): void {
    // Data is pushed as the init relays it.
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    if (!this.#closedByPeer) this.#send({ op: 'close', id: this.#id });
    done(error);
  }

  /** node's HTTP client calls these on its socket; a tunnel has nothing to tune. */
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  setTimeout(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }

  /** A message from the init for this connection. */
  deliver(m: TunnelMessage): void {
    if (m.op === 'recv') {
      this.push(Buffer.from(m.data, 'base64'));
      return;
    }
    this.#closedByPeer = true;
    if (m.error) this.destroy(Object.assign(new Error(`connection in the sandbox failed: ${m.error}`), { code: m.error }));
    else this.push(null);
  }
}

/** The open tunnels of one compute, routed by id. */
export class Tunnels {
  readonly #open = new Map<number, TunnelSocket>();

  /** Connections still open (an invocation in progress is activity, like a running command). */
  get size(): number {
    return this.#open.size;
  }

  open(id: number, port: number, send: Send): TunnelSocket {
    const socket = new TunnelSocket(id, send);
    this.#open.set(id, socket);
    socket.once('close', () => this.#open.delete(id));
    send({ op: 'connect', id, port });
    return socket;
  }

  deliver(m: TunnelMessage): void {
    this.#open.get(m.id)?.deliver(m);
  }

  /** The compute died: every connection into it is gone. */
  closeAll(): void {
    for (const socket of this.#open.values()) socket.deliver({ op: 'closed', id: 0, error: 'ECONNRESET' });
    this.#open.clear();
  }
}

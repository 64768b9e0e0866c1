// Byte layouts of the FUSE requests we read (protocol 7.31, little-endian): the header every request starts with, and
// a reader over the body that follows it. Pure: buffers in, values out.
export const IN_HEADER_SIZE = 40;

export interface InHeader {
  len: number;
  opcode: number;
  unique: bigint;
  nodeid: bigint;
  uid: number;
  gid: number;
  pid: number;
}

export class ShortMessageError extends Error {}

export function decodeInHeader(buf: Buffer): InHeader {
  if (buf.length < IN_HEADER_SIZE) throw new ShortMessageError(`short FUSE header: ${buf.length} bytes`);
  const h = {
    len: buf.readUInt32LE(0),
    opcode: buf.readUInt32LE(4),
    unique: buf.readBigUInt64LE(8),
    nodeid: buf.readBigUInt64LE(16),
    uid: buf.readUInt32LE(24),
    gid: buf.readUInt32LE(28),
    pid: buf.readUInt32LE(32),
  };
  if (h.len > buf.length) throw new ShortMessageError(`FUSE message claims ${h.len} bytes, got ${buf.length}`);
  return h;
}

/** Sequential reader over a request body, for fixed structs followed by NUL-terminated names or data. */
export class BodyReader {
  #off = 0;
  constructor(private readonly buf: Buffer) {}
  #need(n: number) {
    if (this.#off + n > this.buf.length) throw new ShortMessageError(`request body too short: need ${this.#off + n}, have ${this.buf.length}`);
  }
  u32(): number {
    this.#need(4);
    const v = this.buf.readUInt32LE(this.#off);
    this.#off += 4;
    return v;
  }
  u64(): bigint {
    this.#need(8);
    const v = this.buf.readBigUInt64LE(this.#off);
    this.#off += 8;
    return v;
  }
  /** Seconds of a time: signed (before 1970 is negative). */
  i64(): bigint {
    this.#need(8);
    const v = this.buf.readBigInt64LE(this.#off);
    this.#off += 8;
    return v;
  }
  skip(n: number): this {
    this.#need(n);
    this.#off += n;
    return this;
  }
  /** A NUL-terminated name, as raw bytes (names need not be UTF-8). */
  name(): Buffer {
    const end = this.buf.indexOf(0, this.#off);
    if (end < 0) throw new ShortMessageError('unterminated name in request');
    const v = this.buf.subarray(this.#off, end);
    this.#off = end + 1;
    return v;
  }
  rest(): Buffer {
    const v = this.buf.subarray(this.#off);
    this.#off = this.buf.length;
    return v;
  }
  bytes(n: number): Buffer {
    this.#need(n);
    const v = this.buf.subarray(this.#off, this.#off + n);
    this.#off += n;
    return v;
  }
}

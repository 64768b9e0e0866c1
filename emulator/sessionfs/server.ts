// The request loop of one session filesystem: read a request from /dev/fuse, dispatch, write the reply. Synchronous
// by design: this process does nothing else, and a synchronous loop answers each request with the least latency.
import { lstatSync, readdirSync, readSync, writevSync } from 'node:fs';
import { join } from 'node:path';
import type { FsContext } from './context.ts';
import { dispatch } from './dispatch.ts';
import { HandleTable } from './handles.ts';
import { InodeTable } from './inodes.ts';
import { Usage, type SessionFsPolicy } from './policy.ts';
import { opName } from './protocol/opcodes.ts';
import { MAX_WRITE } from './ops/session.ts';

export interface ServerOptions {
  /** The backing directory (the session's local cache). */
  backing: string;
  policy: SessionFsPolicy;
  /** Receives root-relative paths (latin1-encoded bytes) changed by the requests just answered. */
  onDirty(paths: string[]): void;
  log(message: string): void;
}

/** Counts what is already stored, so a restored session starts with its real usage. */
export function measureUsage(dir: string): Usage {
  const usage = new Usage(0, 0);
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      usage.entries++;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) usage.bytes += lstatSync(p).size;
    }
  };
  walk(dir);
  return usage;
}

export function createContext(o: ServerOptions, pending: Set<string>): FsContext {
  return {
    inodes: new InodeTable(Buffer.from(o.backing)),
    files: new HandleTable(),
    dirs: new HandleTable(),
    policy: o.policy,
    usage: measureUsage(o.backing),
    ttl: { entrySeconds: o.policy.cacheSeconds.entry, attrSeconds: o.policy.cacheSeconds.attr },
    dirty: (rel) => pending.add(rel.toString('latin1')),
  };
}

const code = (e: unknown) => (e as NodeJS.ErrnoException).code;

/** Serves until the filesystem is unmounted (the device then reports ENODEV). */
export function serve(fd: number, o: ServerOptions): void {
  const pending = new Set<string>();
  const ctx = createContext(o, pending);
  const buf = Buffer.allocUnsafe(MAX_WRITE + 64 * 1024);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      const c = code(e);
      if (c === 'ENODEV') return;
      // ENOENT: the request was interrupted before we read it; EINTR/EAGAIN: just read again.
      if (c === 'ENOENT' || c === 'EINTR' || c === 'EAGAIN') continue;
      throw e;
    }
    const { reply } = dispatch(ctx, buf.subarray(0, n), (h, e) => o.log(`${opName(h.opcode)} failed: ${e instanceof Error ? e.stack : String(e)}`));
    // Dirty paths are reported before the reply, so anything a client saw succeed is already known to replication.
    if (pending.size > 0) {
      o.onDirty([...pending]);
      pending.clear();
    }
    if (!reply) continue;
    try {
      writevSync(fd, reply);
    } catch (e) {
      // ENOENT: the kernel gave up on this request (interrupted); nothing to do.
      if (code(e) !== 'ENOENT') throw e;
    }
  }
}

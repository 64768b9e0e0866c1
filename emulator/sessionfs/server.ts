// The request loop of one session filesystem: read a request from /dev/fuse, dispatch, write the reply. Synchronous
// by design: this process does nothing else, and a synchronous loop answers each request with the least latency.
import { lstatSync, readdirSync, readSync, writevSync } from 'node:fs';
import { AttrJournal } from './attr-journal.ts';
import { AttrOverlay } from './attr-overlay.ts';
import { attrsFromJson, attrsToJson, type AttrsJson, type SessionIds, type StoredAttrs } from './attrs.ts';
import type { FsContext } from './context.ts';
import { dispatch } from './dispatch.ts';
import { HandleTable } from './handles.ts';
import { InodeTable } from './inodes.ts';
import { NodeFiles } from './node-files.ts';
import { entryCost, Usage, type SessionFsPolicy } from './policy.ts';
import { opName } from './protocol/opcodes.ts';
import { MAX_WRITE } from './ops/session.ts';

/** A dirty path, with what is stored for it when something is (the replicator gives its copy those attributes). */
export type DirtyRecord = string | [string, AttrsJson];

export interface UsageCounts {
  bytes: number;
  entries: number;
  metadataBytes: number;
}

export interface ServerOptions {
  /** The backing directory (the session's local cache). */
  backing: string;
  policy: SessionFsPolicy;
  /** Host ids of the session's root; default: this process's. */
  ids?: SessionIds;
  /** What the backing directory already holds (the emulator measured it while restoring); default: measured here. */
  usage?: UsageCounts;
  /** Attributes stored for restored entries (root-relative latin1 paths). */
  attrs?: ReadonlyArray<[string, AttrsJson]>;
  /** Where the stored attributes are journalled for a crash salvage; none: not journalled. */
  journal?: string;
  /** Receives root-relative paths (latin1-encoded bytes) changed by the requests just answered. */
  onDirty(records: DirtyRecord[]): void;
  log(message: string): void;
}

/** What the emulator sends a server on its stdin, as one JSON line. */
export interface ServerConfig {
  backing: string;
  policy: SessionFsPolicy;
  /** The session's host uid and gid: the server runs as them, and they are the session's root (inside id 0). */
  uid: number;
  gid: number;
  usage: UsageCounts;
  /** Attributes stored for restored entries. */
  attrs: Array<[string, AttrsJson]>;
  /** The journal of stored attributes (in the session's compute directory, outside the backing directory). */
  journal: string;
}

/** Counts what a directory holds (sizes, entries, metadata bytes), as the session filesystem books it. */
export function measureUsage(dir: string, policy: SessionFsPolicy): UsageCounts {
  const usage: UsageCounts = { bytes: 0, entries: 0, metadataBytes: 0 };
  const walk = (d: Buffer) => {
    for (const e of readdirSync(d, { withFileTypes: true, encoding: 'buffer' })) {
      usage.entries++;
      usage.metadataBytes += entryCost(policy, e.name.length);
      const p = Buffer.concat([d, Buffer.from('/'), e.name]);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) usage.bytes += lstatSync(p).size;
    }
  };
  walk(Buffer.from(dir));
  return usage;
}

const backingPath = (root: string, rel: string) => (rel === '' ? Buffer.from(root) : Buffer.concat([Buffer.from(`${root}/`), Buffer.from(rel, 'latin1')]));

export function createContext(o: ServerOptions, pending: Set<string>): FsContext {
  const restored: [string, StoredAttrs][] = (o.attrs ?? []).map(([p, a]) => [p, attrsFromJson(a)]);
  const attrs = new AttrOverlay(o.journal === undefined ? undefined : new AttrJournal(o.journal, restored));
  for (const [p, a] of restored) {
    const st = lstatSync(backingPath(o.backing, p), { bigint: true, throwIfNoEntry: false });
    if (st) attrs.load(st.ino, p, a);
  }
  const u = o.usage ?? measureUsage(o.backing, o.policy);
  return {
    inodes: new InodeTable(Buffer.from(o.backing)),
    nodeFiles: new NodeFiles(),
    dirs: new HandleTable(),
    policy: o.policy,
    usage: new Usage(u.bytes, u.entries, u.metadataBytes),
    ttl: { entrySeconds: o.policy.cacheSeconds.entry, attrSeconds: o.policy.cacheSeconds.attr },
    ids: o.ids ?? { uid: process.getuid!(), gid: process.getgid!() },
    attrs,
    dirty: (rel) => pending.add(rel.toString('latin1')),
  };
}

/** The paths changed by the last request, each with what is stored for it. */
function dirtyRecords(ctx: FsContext, pending: Set<string>): DirtyRecord[] {
  if (ctx.attrs.size === 0) return [...pending];
  return [...pending].map((p) => {
    const a = ctx.attrs.ofPath(p);
    return a ? [p, attrsToJson(a)] : p;
  });
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
      o.onDirty(dirtyRecords(ctx, pending));
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

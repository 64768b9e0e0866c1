// The stored attributes (attrs.ts) of a live session, journalled in its compute directory so that an emulator
// restarted after a crash can salvage them with the cache: every change is appended (one JSON line, written before
// the reply that makes it visible), and the journal is rewritten as a snapshot when it has grown well past the
// state it describes. Records are path-keyed (latin1 strings of the raw name bytes, like the dirty paths):
//   {"s": path, "a": {...}}   the attributes stored for path (no "a": nothing stored)
//   {"m": [from, to]}         a rename: to and below are gone, from and below now live under to
import { closeSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { attrsFromJson, attrsToJson, isEmpty, movePaths, type AttrsJson, type StoredAttrs } from './attrs.ts';

type JournalRecord = { s: string; a?: AttrsJson } | { m: [string, string] };

const line = (r: JournalRecord): string => `${JSON.stringify(r)}\n`;
const setRecord = (path: string, a: StoredAttrs): JournalRecord => (isEmpty(a) ? { s: path } : { s: path, a: attrsToJson(a) });

/** Compact once the journal holds this many records more than the state it describes, and 4 times as many. */
const COMPACT_SLACK = 4096;

export class AttrJournal {
  #fd: number;
  #records = 0;

  /** Starts a journal at `path` holding `snapshot` (replacing whatever was there). */
  constructor(
    readonly path: string,
    snapshot: Iterable<[string, StoredAttrs]> = [],
  ) {
    this.#fd = this.#rewrite(snapshot);
  }

  set(path: string, a: StoredAttrs): void {
    this.#append(setRecord(path, a));
  }

  move(from: string, to: string): void {
    this.#append({ m: [from, to] });
  }

  /** Rewrites the journal as `snapshot` when it has grown well past `size` entries. */
  compactIfLarge(size: number, snapshot: () => Iterable<[string, StoredAttrs]>): void {
    if (this.#records < COMPACT_SLACK + 4 * size) return;
    const old = this.#fd;
    this.#fd = this.#rewrite(snapshot());
    closeSync(old);
  }

  close(): void {
    closeSync(this.#fd);
  }

  #append(r: JournalRecord): void {
    writeSync(this.#fd, line(r));
    this.#records++;
  }

  /** Writes the snapshot beside the journal and renames it into place, so a crash never leaves half of one. */
  #rewrite(snapshot: Iterable<[string, StoredAttrs]>): number {
    const tmp = `${this.path}.new`;
    const fd = openSync(tmp, 'w', 0o600);
    let text = '';
    let n = 0;
    for (const [p, a] of snapshot) {
      text += line(setRecord(p, a));
      n++;
      if (text.length > 1 << 20) {
        writeSync(fd, text);
        text = '';
      }
    }
    if (text) writeSync(fd, text);
    closeSync(fd);
    renameSync(tmp, this.path);
    this.#records = n;
    return openSync(this.path, 'a');
  }
}

/** The state a journal describes. A torn last line (a crash mid-write) is ignored: its change never answered. */
export function replayJournal(text: string): Map<string, StoredAttrs> {
  const state = new Map<string, StoredAttrs>();
  for (const l of text.split('\n')) {
    if (!l) continue;
    let r: JournalRecord;
    try {
      r = JSON.parse(l) as JournalRecord;
    } catch {
      continue;
    }
    if ('m' in r) movePaths(state, r.m[0], r.m[1]);
    else if (r.a === undefined) state.delete(r.s);
    else state.set(r.s, attrsFromJson(r.a));
  }
  return state;
}

/** Reads and replays the journal at `path`; none (a session that never started its filesystem): nothing stored. */
export function readJournal(path: string): Map<string, StoredAttrs> {
  try {
    return replayJournal(readFileSync(path, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw e;
  }
}

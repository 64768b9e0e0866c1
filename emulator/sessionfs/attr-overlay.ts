// The stored attributes of a live session (attrs.ts), looked up by backing inode number (what every stat gives for
// free, and stable across renames) and by path (what the replicator and the journal speak). Most sessions store
// nothing: then `size` is 0 and handlers skip every lookup.
import type { AttrJournal } from './attr-journal.ts';
import { isEmpty, movePaths, normalised, type StoredAttrs } from './attrs.ts';

interface Entry {
  ino: bigint;
  path: string;
  attrs: StoredAttrs;
}

export class AttrOverlay {
  readonly #byIno = new Map<bigint, Entry>();
  readonly #byPath = new Map<string, Entry>();

  constructor(private readonly journal?: AttrJournal) {}

  get size(): number {
    return this.#byIno.size;
  }

  ofIno(ino: bigint): StoredAttrs | undefined {
    return this.#byIno.get(ino)?.attrs;
  }

  ofPath(path: string): StoredAttrs | undefined {
    return this.#byPath.get(path)?.attrs;
  }

  /** Takes attributes already in the journal (a resume's snapshot). */
  load(ino: bigint, path: string, attrs: StoredAttrs): void {
    this.#put(ino, path, normalised(attrs));
  }

  /**
   * Replaces what is stored for the entry with inode `ino` at `path`. An entry without a path (unlinked, still open)
   * stores nothing: it can never be seen again by path, and its inode number may be reused.
   */
  set(ino: bigint, path: string | undefined, attrs: StoredAttrs): void {
    const a = normalised(attrs);
    const before = this.#byIno.get(ino);
    if (before) this.#remove(before);
    if (path === undefined) return;
    if (!isEmpty(a)) this.#put(ino, path, a);
    if (before || !isEmpty(a)) this.journal?.set(path, a);
    this.#compact();
  }

  /** The entry with inode `ino` is gone (unlinked, removed, replaced by a rename). */
  drop(ino: bigint): void {
    const e = this.#byIno.get(ino);
    if (!e) return;
    this.#remove(e);
    this.journal?.set(e.path, {});
  }

  /** A rename of `from` to `to`; returns the paths of the stored entries that moved (they need replicating). */
  move(from: string, to: string): string[] {
    if (this.size === 0) return [];
    const moved = movePaths(this.#byPath, from, to);
    for (const p of moved) this.#byPath.get(p)!.path = p;
    // Entries that were at `to` were dropped from the path map; drop them by inode too.
    for (const [ino, e] of this.#byIno) if (this.#byPath.get(e.path) !== e) this.#byIno.delete(ino);
    this.journal?.move(from, to);
    this.#compact();
    return moved;
  }

  *entries(): IterableIterator<[string, StoredAttrs]> {
    for (const [p, e] of this.#byPath) yield [p, e.attrs];
  }

  #put(ino: bigint, path: string, attrs: StoredAttrs): void {
    const e = { ino, path, attrs };
    const clash = this.#byPath.get(path);
    if (clash) this.#byIno.delete(clash.ino);
    this.#byIno.set(ino, e);
    this.#byPath.set(path, e);
  }

  #remove(e: Entry): void {
    this.#byIno.delete(e.ino);
    if (this.#byPath.get(e.path) === e) this.#byPath.delete(e.path);
  }

  #compact(): void {
    this.journal?.compactIfLarge(this.size, () => this.entries());
  }
}

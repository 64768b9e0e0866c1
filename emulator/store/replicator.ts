// Asynchronous replication of a live session's cache into its store replica, driven by the dirty paths the session
// filesystem reports (each with the attributes stored for it, if any). Each round takes the current dirty set and
// makes the replica equal the cache at those paths (replica-sync.ts); paths dirtied again meanwhile are synced in a
// later round. `flush()` drains everything (Stop).
//
// Per path, the replica changes atomically (a file is copied to a temporary name and renamed), so a crash between
// rounds leaves every replicated file whole: the store loses at most the unreplicated tail, and the salvage of the
// cache (compute-dir.ts) supersedes the replica anyway.
import { attrsFromJson, type StoredAttrs } from '../sessionfs/attrs.ts';
import type { DirtyRecord } from '../sessionfs/server.ts';
import { exactTimes as sharedExactTimes, type ExactTimes } from './exact-times.ts';
import { ReplicaSync } from './replica-sync.ts';

interface Dirty {
  /** When it was first marked since it was last replicated. */
  since: number;
  /** What the session filesystem stores for it, as of its latest report. */
  attrs: StoredAttrs | undefined;
}

export class Replicator {
  readonly #dirty = new Map<string, Dirty>();
  #round: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #failures = 0;
  #stopped = false;

  /**
   * @param tmp a directory on the replica's filesystem for copies in flight (renamed into place when complete), so
   *   a crash never leaves partial files inside the replica
   */
  constructor(
    private readonly cache: string,
    private readonly replica: string,
    private readonly tmp: string,
    private readonly log: (m: string) => void,
    private readonly debounceMs = 200,
    /** Replicate a path only once it has been dirty this long (a lagging replica; used by a deviation). */
    private readonly minAgeMs = 0,
    private readonly times: ExactTimes = sharedExactTimes,
  ) {}

  /** Paths relative to the mount root, as latin1 strings of their raw bytes. */
  mark(records: readonly DirtyRecord[]): void {
    const now = Date.now();
    for (const r of records) {
      const [path, attrs] = typeof r === 'string' ? [r, undefined] : [r[0], attrsFromJson(r[1])];
      // Every report carries the path's current attributes: the latest one is the truth.
      this.#dirty.set(path, { since: this.#dirty.get(path)?.since ?? now, attrs });
    }
    if (!this.#timer && !this.#stopped) this.#timer = setTimeout(() => void this.#runRound(), this.debounceMs);
  }

  /**
   * Replicates everything marked so far; resolves when the replica matches the cache at every marked path. A path
   * that failed gets two more tries (the cache no longer changes once the filesystem is unmounted).
   */
  async flush(): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      await this.#runRound();
      if (this.#dirty.size === 0) return;
    }
    this.log(`flush left ${this.#dirty.size} path(s) unreplicated`);
  }

  /** No more rounds (a round in flight finishes): the storage is closing without a flush. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #retry(path: string, attrs: StoredAttrs | undefined): void {
    if (!this.#dirty.has(path)) this.#dirty.set(path, { since: Date.now() - this.minAgeMs, attrs });
  }

  #runRound(): Promise<void> {
    this.#timer = undefined;
    this.#round = this.#round.then(async () => {
      const due = Date.now() - this.minAgeMs;
      const round = new Map<string, StoredAttrs | undefined>();
      for (const [p, d] of this.#dirty) if (d.since <= due) round.set(p, d.attrs);
      for (const p of round.keys()) this.#dirty.delete(p);
      // Parents before children, so a new directory exists before what goes in it.
      const paths = [...round.keys()].sort((a, b) => a.length - b.length);
      const sync = new ReplicaSync(this.cache, this.replica, this.tmp, round, this.times);
      // A directory new to the replica is copied whole, with everything in it at that moment: its descendants
      // marked in this round are covered (later changes mark them again).
      const copiedWhole: string[] = [];
      try {
        for (const p of paths) {
          if (copiedWhole.some((d) => p.startsWith(`${d}/`))) continue;
          try {
            if ((await sync.sync(p)) === 'copied-whole') copiedWhole.push(p);
          } catch (e) {
            // The path changed under us (e.g. removed mid-copy): try again in the next round.
            this.#retry(p, round.get(p));
            this.#note(`replication of '${p}' deferred: ${String(e)}`);
          }
        }
        await sync.finish();
      } catch (e) {
        // The round's times could not be set: the whole round goes again.
        for (const [p, a] of round) this.#retry(p, a);
        this.#note(`replication round deferred: ${String(e)}`);
      } finally {
        await sync.close();
      }
      if (this.#dirty.size > 0 && !this.#timer && !this.#stopped) this.#timer = setTimeout(() => void this.#runRound(), this.debounceMs);
    });
    return this.#round;
  }

  #note(message: string): void {
    if (++this.#failures % 100 === 1) this.log(message);
  }
}

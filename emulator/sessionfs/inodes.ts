// Node ids as the kernel knows them, mapped to (parent, name) like go-fuse's rawBridge: ids are never reused, the
// kernel's lookup count decides when one is forgotten, and a rename moves one key instead of rewriting paths.
// Names are raw bytes (Buffers): Linux names need not be UTF-8.

export const ROOT_ID = 1n;

interface Node {
  parent: bigint;
  name: Buffer;
  nlookup: number;
  /** False once unlinked or replaced: the node lives on only for the kernel's open references. */
  linked: boolean;
}

const SLASH = Buffer.from('/');
const keyOf = (parent: bigint, name: Buffer) => `${parent}/${name.toString('latin1')}`;

export class InodeTable {
  readonly #nodes = new Map<bigint, Node>();
  readonly #byName = new Map<string, bigint>();
  #next = 2n;

  constructor(private readonly rootPath: Buffer) {
    this.#nodes.set(ROOT_ID, { parent: 0n, name: Buffer.alloc(0), nlookup: 1, linked: true });
  }

  get size(): number {
    return this.#nodes.size;
  }

  has(id: bigint): boolean {
    return this.#nodes.has(id);
  }

  /** The id the kernel gets for `name` under `parent`; creates it, and counts one lookup either way. */
  remember(parent: bigint, name: Buffer): bigint {
    const key = keyOf(parent, name);
    let id = this.#byName.get(key);
    if (id === undefined) {
      id = this.#next++;
      this.#nodes.set(id, { parent, name: Buffer.from(name), nlookup: 0, linked: true });
      this.#byName.set(key, id);
    }
    this.#nodes.get(id)!.nlookup++;
    return id;
  }

  child(parent: bigint, name: Buffer): bigint | undefined {
    return this.#byName.get(keyOf(parent, name));
  }

  /** Returns whether the node is gone (its last lookup forgotten). */
  forget(id: bigint, nlookup: number): boolean {
    if (id === ROOT_ID) return false;
    const n = this.#nodes.get(id);
    if (!n) return false;
    n.nlookup -= nlookup;
    if (n.nlookup > 0) return false;
    this.#nodes.delete(id);
    if (n.linked) {
      const key = keyOf(n.parent, n.name);
      if (this.#byName.get(key) === id) this.#byName.delete(key);
    }
    return true;
  }

  /** Path components from the root, or undefined for an unknown or unlinked node. */
  components(id: bigint): Buffer[] | undefined {
    const out: Buffer[] = [];
    let cur = id;
    while (cur !== ROOT_ID) {
      const n = this.#nodes.get(cur);
      if (!n || !n.linked) return undefined;
      out.push(n.name);
      cur = n.parent;
    }
    return out.reverse();
  }

  /** Depth below the mount root: the root is 0, its children 1. */
  depth(id: bigint): number | undefined {
    return this.components(id)?.length;
  }

  /** Path relative to the mount root ('' for the root). */
  relative(id: bigint): Buffer | undefined {
    const c = this.components(id);
    if (!c) return undefined;
    return Buffer.concat(c.flatMap((p, i) => (i === 0 ? [p] : [SLASH, p])));
  }

  /** Absolute backing path of a node. */
  path(id: bigint): Buffer | undefined {
    const rel = this.relative(id);
    if (rel === undefined) return undefined;
    return rel.length === 0 ? this.rootPath : Buffer.concat([this.rootPath, SLASH, rel]);
  }

  /** Absolute backing path of `name` under `parent`. */
  childPath(parent: bigint, name: Buffer): Buffer | undefined {
    const p = this.path(parent);
    return p === undefined ? undefined : Buffer.concat([p, SLASH, name]);
  }

  childRelative(parent: bigint, name: Buffer): Buffer | undefined {
    const p = this.relative(parent);
    if (p === undefined) return undefined;
    return p.length === 0 ? Buffer.from(name) : Buffer.concat([p, SLASH, name]);
  }

  /** The entry was removed (unlink, rmdir, or replaced by a rename). */
  detach(parent: bigint, name: Buffer): void {
    const key = keyOf(parent, name);
    const id = this.#byName.get(key);
    if (id === undefined) return;
    this.#byName.delete(key);
    const n = this.#nodes.get(id);
    if (n) n.linked = false;
  }

  /** Moves an entry; whatever was at the destination must have been detached first. */
  move(parent: bigint, name: Buffer, newParent: bigint, newName: Buffer): void {
    const id = this.#byName.get(keyOf(parent, name));
    if (id === undefined) return;
    this.#byName.delete(keyOf(parent, name));
    const n = this.#nodes.get(id)!;
    n.parent = newParent;
    n.name = Buffer.from(newName);
    this.#byName.set(keyOf(newParent, newName), id);
  }
}

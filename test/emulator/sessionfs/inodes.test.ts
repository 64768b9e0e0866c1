// The inode table alone: node ids as the kernel holds them, lookup counts and FORGET, renames moving one key, the
// paths and depths handlers derive from it. Pure: no mount, no backing directory.
import { describe, expect, it } from 'vitest';
import { InodeTable, ROOT_ID } from '../../../emulator/sessionfs/inodes.ts';

const b = (s: string) => Buffer.from(s);
const str = (p: Buffer | undefined) => p?.toString();
const table = () => new InodeTable(b('/backing'));

describe('InodeTable', () => {
  it('gives a name one id for as long as the kernel holds it, counting every lookup', () => {
    const t = table();
    const a = t.remember(ROOT_ID, b('a'));
    expect(a).not.toBe(ROOT_ID);
    expect(t.remember(ROOT_ID, b('a'))).toBe(a);
    expect(t.child(ROOT_ID, b('a'))).toBe(a);
    expect(t.remember(ROOT_ID, b('b'))).not.toBe(a);
    // Two lookups: one FORGET of 1 keeps the node, the second lets it go.
    t.forget(a, 1);
    expect(t.has(a)).toBe(true);
    expect(str(t.path(a))).toBe('/backing/a');
    t.forget(a, 1);
    expect(t.has(a)).toBe(false);
    expect(t.child(ROOT_ID, b('a'))).toBeUndefined();
    expect(t.path(a)).toBeUndefined();
  });

  it('FORGET with the whole count at once (BATCH_FORGET sends it that way); the root is never forgotten', () => {
    const t = table();
    const a = t.remember(ROOT_ID, b('a'));
    t.remember(ROOT_ID, b('a'));
    t.remember(ROOT_ID, b('a'));
    t.forget(a, 3);
    expect(t.has(a)).toBe(false);
    t.forget(ROOT_ID, 100);
    expect(t.has(ROOT_ID)).toBe(true);
    expect(str(t.path(ROOT_ID))).toBe('/backing');
    t.forget(999n, 1); // unknown ids are ignored
  });

  it('never reuses an id: a name forgotten and looked up again gets a new one', () => {
    const t = table();
    const first = t.remember(ROOT_ID, b('a'));
    t.forget(first, 1);
    const second = t.remember(ROOT_ID, b('a'));
    expect(second).not.toBe(first);
    expect(second).toBeGreaterThan(first);
  });

  it('paths, relative paths and depth from the root; names are raw bytes', () => {
    const t = table();
    const d = t.remember(ROOT_ID, b('d'));
    const e = t.remember(d, b('e'));
    const raw = Buffer.from([0x66, 0xff, 0x67]); // not UTF-8
    const f = t.remember(e, raw);
    expect(t.depth(ROOT_ID)).toBe(0);
    expect(t.depth(d)).toBe(1);
    expect(t.depth(f)).toBe(3);
    expect(str(t.relative(ROOT_ID))).toBe('');
    expect(str(t.relative(e))).toBe('d/e');
    expect(t.relative(f)).toEqual(Buffer.concat([b('d/e/'), raw]));
    expect(t.path(f)).toEqual(Buffer.concat([b('/backing/d/e/'), raw]));
    expect(str(t.childPath(e, b('new')))).toBe('/backing/d/e/new');
    expect(str(t.childRelative(ROOT_ID, b('top')))).toBe('top');
    expect(str(t.childRelative(d, b('x')))).toBe('d/x');
    expect(t.depth(12345n)).toBeUndefined();
  });

  it('a rename moves one key: the node keeps its id, its subtree follows, the old name is free', () => {
    const t = table();
    const d = t.remember(ROOT_ID, b('d'));
    const sub = t.remember(d, b('sub'));
    const f = t.remember(sub, b('f'));
    const target = t.remember(ROOT_ID, b('target'));
    t.move(ROOT_ID, b('d'), target, b('moved'));
    expect(t.child(ROOT_ID, b('d'))).toBeUndefined();
    expect(t.child(target, b('moved'))).toBe(d);
    expect(str(t.path(f))).toBe('/backing/target/moved/sub/f');
    expect(t.depth(f)).toBe(4);
    // A new entry under the old name is a new node.
    const again = t.remember(ROOT_ID, b('d'));
    expect(again).not.toBe(d);
    expect(t.size).toBe(6); // root, d, sub, f, target, the new d
  });

  it('an unlinked node lives on for the kernel but has no path; a name replaced by a rename is detached first', () => {
    const t = table();
    const a = t.remember(ROOT_ID, b('a'));
    const c = t.remember(ROOT_ID, b('c'));
    // rename a → c over an existing c: the replaced entry is detached, then the key moves.
    t.detach(ROOT_ID, b('c'));
    t.move(ROOT_ID, b('a'), ROOT_ID, b('c'));
    expect(t.child(ROOT_ID, b('c'))).toBe(a);
    expect(t.has(c)).toBe(true); // still referenced by the kernel
    expect(t.path(c)).toBeUndefined();
    expect(t.relative(c)).toBeUndefined();
    // Forgetting the detached node must not drop the name now held by another node.
    t.forget(c, 1);
    expect(t.has(c)).toBe(false);
    expect(t.child(ROOT_ID, b('c'))).toBe(a);
    expect(str(t.path(a))).toBe('/backing/c');
  });

  it('below an unlinked directory nothing has a path any more', () => {
    const t = table();
    const d = t.remember(ROOT_ID, b('d'));
    const f = t.remember(d, b('f'));
    t.detach(ROOT_ID, b('d'));
    expect(t.path(f)).toBeUndefined();
    expect(t.depth(f)).toBeUndefined();
    expect(t.childPath(d, b('x'))).toBeUndefined();
    // Moving or detaching a name that is not there changes nothing.
    t.move(ROOT_ID, b('nope'), ROOT_ID, b('other'));
    t.detach(ROOT_ID, b('nope'));
    expect(t.child(ROOT_ID, b('other'))).toBeUndefined();
  });
});

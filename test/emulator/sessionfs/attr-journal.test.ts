// The journal a crash salvage replays: every change in order, a torn last line ignored, renames moving whole
// subtrees, and a compaction that changes nothing of the state it describes.
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AttrJournal, readJournal, replayJournal } from '../../../emulator/sessionfs/attr-journal.ts';
import { AttrOverlay } from '../../../emulator/sessionfs/attr-overlay.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ssc-journal-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('AttrJournal', () => {
  it('replays sets, clears and renames of subtrees; a torn last line is ignored', () => {
    const path = join(dir, 'attrs.journal');
    const j = new AttrJournal(path, [['old', { uid: 3 }]]);
    j.set('a/b', { mode: 0o000, mtimeNs: -5n });
    j.set('a/b/c', { uid: 1000 });
    j.set('x', { gid: 2 });
    j.set('old', {});
    j.move('a', 'z');
    j.close();
    appendFileSync(path, '{"s":"torn","a":{"uid":');
    expect(readJournal(path)).toEqual(
      new Map([
        ['x', { gid: 2 }],
        ['z/b', { mode: 0, mtimeNs: -5n }],
        ['z/b/c', { uid: 1000 }],
      ]),
    );
    expect(readJournal(join(dir, 'none'))).toEqual(new Map());
  });

  it('a rename onto a stored path replaces what was stored there', () => {
    expect(replayJournal(['{"s":"a","a":{"uid":1}}', '{"s":"b","a":{"uid":2}}', '{"s":"b/c","a":{"uid":3}}', '{"m":["a","b"]}'].join('\n'))).toEqual(new Map([['b', { uid: 1 }]]));
  });

  it('compacts a journal grown far past its state, and the state replays the same', () => {
    const path = join(dir, 'attrs.journal');
    const overlay = new AttrOverlay(new AttrJournal(path));
    for (let i = 0; i < 10_000; i++) overlay.set(1n, 'f', { uid: 1 + (i % 7) });
    overlay.set(2n, 'g', { mtimeNs: 123n });
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines.length).toBeLessThan(5_000);
    expect(readJournal(path)).toEqual(new Map([['f', { uid: 1 + (9_999 % 7) }], ['g', { mtimeNs: 123n }]]));
  });
});

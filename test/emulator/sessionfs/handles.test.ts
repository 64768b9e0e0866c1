import { describe, expect, it } from 'vitest';
import { HandleTable } from '../../../emulator/sessionfs/handles.ts';

describe('HandleTable', () => {
  it('hands out numbers from 1 and never reuses one while the server lives', () => {
    const t = new HandleTable<string>();
    const a = t.add('a');
    const b = t.add('b');
    expect([a, b]).toEqual([1n, 2n]);
    expect(t.remove(a)).toBe('a');
    expect(t.add('c')).toBe(3n);
    expect(t.size).toBe(2);
  });

  it('gets and removes by number; an unknown or already released handle is undefined', () => {
    const t = new HandleTable<{ fd: number }>();
    const fh = t.add({ fd: 7 });
    expect(t.get(fh)).toEqual({ fd: 7 });
    expect(t.remove(fh)).toEqual({ fd: 7 });
    expect(t.get(fh)).toBeUndefined();
    expect(t.remove(fh)).toBeUndefined();
    expect(t.get(42n)).toBeUndefined();
    expect(t.size).toBe(0);
  });
});

// The id-range pool: one range of 65,536 host ids per live session, claimed host-wide (several emulators share a lock
// directory), never handed out twice, and never reclaimed from a dead owner while a process of the range lives.
import { execa } from 'execa';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { killAllInRange } from '../../../emulator/sandbox/processes.ts';
import { DEFAULT_RANGE_BASE, DEFAULT_RANGE_COUNT, IdRangePool } from '../../../emulator/sessions/uid-pool.ts';

// Below the emulators' own span, so that a process planted here is never in a live session's range.
const BASE = DEFAULT_RANGE_BASE - 4 * 65_536;
const COUNT = 3;
let lockDir: string;

beforeEach(() => {
  lockDir = mkdtempSync(join(tmpdir(), 'ssc-id-ranges-'));
});
afterEach(() => rmSync(lockDir, { recursive: true, force: true }));

const pool = () => new IdRangePool({ base: BASE, count: COUNT, lockDir });

/** A dead pid: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = execa('true');
  await child;
  return child.pid!;
}

describe('IdRangePool', () => {
  it('hands out aligned, disjoint ranges of 65,536 ids inside its span, then says it is full', () => {
    const p = pool();
    const ranges = [p.allocate(), p.allocate(), p.allocate()];
    expect(ranges.map((r) => r.size)).toEqual([65_536, 65_536, 65_536]);
    expect(ranges.map((r) => r.base).sort()).toEqual([BASE, BASE + 65_536, BASE + 2 * 65_536]);
    expect(() => p.allocate()).toThrow(/no free id range .* too many live sessions/);
    expect([BASE - 1, BASE, BASE + 3 * 65_536 - 1, BASE + 3 * 65_536].map((id) => p.owns(id))).toEqual([false, true, true, false]);
  });

  it('shares claims with every pool on the lock directory, as emulators on one host do', () => {
    const [a, b] = [pool(), pool()];
    const mine = [a.allocate(), a.allocate()];
    const theirs = b.allocate();
    expect(mine.map((r) => r.base)).not.toContain(theirs.base);
    expect(() => b.allocate()).toThrow(/no free id range/);
    a.release(mine[0]!);
    expect(b.allocate().base).toBe(mine[0]!.base);
  });

  it("never takes a range whose owner is alive, and reclaims a dead owner's only once no process of it is left", async () => {
    const [live, dead] = [BASE, BASE + 65_536];
    writeFileSync(join(lockDir, String(live)), String(process.pid));
    writeFileSync(join(lockDir, String(dead)), String(await deadPid()));
    const survivor = execa('setpriv', [`--reuid=${dead + 3}`, `--regid=${dead + 3}`, '--clear-groups', 'sleep', '600'], { reject: false });
    try {
      await expect.poll(async () => (await execa('pgrep', ['-u', String(dead + 3)], { reject: false })).stdout).not.toBe('');
      const p = pool();
      expect(p.allocate().base).toBe(BASE + 2 * 65_536);
      expect(() => p.allocate()).toThrow(/no free id range/);
      await killAllInRange({ base: dead, size: 65_536 });
      expect(p.allocate().base).toBe(dead);
      expect(readdirSync(lockDir).sort()).toEqual([String(live), String(dead), String(BASE + 2 * 65_536)].sort());
    } finally {
      survivor.kill('SIGKILL');
      await survivor;
    }
  });

  it('refuses a base that is not a multiple of 65,536, or one among the host users, or a span past the largest id', () => {
    expect(() => new IdRangePool({ base: BASE + 1, lockDir })).toThrow(/multiple of 65536/);
    expect(() => new IdRangePool({ base: 0, lockDir })).toThrow(/multiple of 65536 above the host's users/);
    expect(() => new IdRangePool({ base: 2 ** 32 - 65_536, count: 2, lockDir })).toThrow(/pass the largest id/);
  });

  it('by default spans 0x70000000 up to systemd\'s foreign range, away from the single-uid pool of 200000–249999', () => {
    expect(DEFAULT_RANGE_BASE).toBe(0x7000_0000);
    expect(DEFAULT_RANGE_BASE + DEFAULT_RANGE_COUNT * 65_536).toBe(0x7ffe_0000);
    const p = new IdRangePool({ lockDir });
    expect([200_000, 249_999, 0x6fff_ffff, 0x7000_0000, 0x7ffd_ffff, 0x7ffe_0000].map((id) => p.owns(id))).toEqual([false, false, false, true, true, false]);
  });
});

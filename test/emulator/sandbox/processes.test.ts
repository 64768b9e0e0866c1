// Every process of a session is every process with an id of its range (id-range.ts): the scan and the kill behind
// the pid namespace, and the pure pieces they and the user namespace set-up stand on.
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { idMapLine, idRange, inRange } from '../../../emulator/sandbox/id-range.ts';
import { killAllInRange, pidsInRange, sigkillAllInRange, statusUids } from '../../../emulator/sandbox/processes.ts';
import { parseChildPid } from '../../../emulator/sandbox/user-namespace.ts';

// Below the emulators' span (uid-pool.ts), so that no live session's range holds these ids.
const RANGE = idRange(0x7000_0000 - 8 * 65_536);

describe('id ranges', () => {
  it('map inside 0.. onto the base, for 65,536 ids', () => {
    expect(idMapLine(RANGE)).toBe(`0 ${RANGE.base} 65536\n`);
    expect([RANGE.base - 1, RANGE.base, RANGE.base + 65_535, RANGE.base + 65_536].map((id) => inRange(RANGE, id))).toEqual([false, true, true, false]);
  });
});

describe('processes of a range', () => {
  it('reads all four uids of a status file', () => {
    expect(statusUids('Name:\tx\nUid:\t0\t1879048193\t0\t1879048193\nGid:\t0\t0\t0\t0\n')).toEqual([0, 1_879_048_193, 0, 1_879_048_193]);
    expect(statusUids('Name:\tx\n')).toEqual([]);
  });

  it('are found by any of their uids, the effective one alone included, and all killed', async () => {
    const ids = [RANGE.base, RANGE.base + 1000, RANGE.base + 65_535];
    const children = [
      ...ids.map((id) => execa('setpriv', [`--reuid=${id}`, `--regid=${id}`, '--clear-groups', 'sleep', '600'], { reject: false })),
      // Real uid root, effective uid in the range: still the range's.
      execa('setpriv', [`--euid=${RANGE.base + 7}`, 'sleep', '600'], { reject: false }),
    ];
    const outside = execa('setpriv', [`--reuid=${RANGE.base + 65_536}`, '--clear-groups', 'sleep', '600'], { reject: false });
    try {
      await expect.poll(() => pidsInRange(RANGE).length).toBe(4);
      expect(pidsInRange(RANGE).sort()).toEqual(children.map((c) => c.pid!).sort());
      expect(await killAllInRange(RANGE)).toBe(true);
      expect(pidsInRange(RANGE)).toEqual([]);
      expect(outside.exitCode, "the process outside the range was left alone").toBeNull();
    } finally {
      for (const c of [...children, outside]) c.kill('SIGKILL');
      await Promise.all([...children, outside]);
    }
  });

  it("refuses to kill a range that reaches down to the host's users", () => {
    expect(() => sigkillAllInRange(idRange(0))).toThrow(/refusing to kill every process of ids 0–65535/);
  });
});

describe("bwrap's info", () => {
  it('gives the pid of the sandbox init, or nothing usable', () => {
    expect(parseChildPid('{\n    "child-pid": 4242,\n    "user-namespace": 4026532000\n}\n')).toBe(4242);
    for (const bad of ['', '{', '{"child-pid": 1}', '{"child-pid": "12"}', '{"child-pid": 1.5}']) expect(parseChildPid(bad), bad).toBeUndefined();
  });
});

// What a session sets on its files is what it sees, what the store keeps, and what a resume shows: times to the
// nanosecond (atime and mtime), modes (also without the owner's access), through two stop/resume cycles. And the
// profile's `permissions` setting: enforced, the kernel checks modes; not enforced, no access check by mode fails.
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../emulator/sessionfs/policy.ts';
import { sessionKey } from '../../../emulator/store/session-store.ts';
import type { Session } from '../../../fixtures/session.ts';
import { startHarness, type Harness } from '../__test-helpers__/emulator-harness.ts';

const M = '/mnt/workspace';
/** atime and mtime as `stat` prints them in seconds with nine decimals. */
const times = (paths: string) => `cd ${M} && stat -c '%n %.9X %.9Y %a %u' ${paths}`;

const SET = [
  'set -e',
  `cd ${M}`,
  'echo hello > f && touch -d @1700000000.123456789 f && touch -a -d @1600000000.987654321 f',
  'echo old > early && touch -d @-1000000000.5 early', // before 1970: Node cannot set it at all
  'ln -s f l && touch -h -d @1500000000.000000001 l',
  'mkdir -p d/e && echo x > d/e/g && touch -d @1400000000.999999999 d/e/g d/e d',
  'echo locked > locked && chmod 000 locked',
  'mkdir sealed && echo in > sealed/inside && chmod 000 sealed',
].join('\n');
const EXPECTED = [
  'd 1400000000.999999999 1400000000.999999999 755 0',
  'd/e 1400000000.999999999 1400000000.999999999 755 0',
  'd/e/g 1400000000.999999999 1400000000.999999999 644 0',
  'early -1000000000.500000000 -1000000000.500000000 644 0',
  'f 1600000000.987654321 1700000000.123456789 644 0',
  'l 1500000000.000000001 1500000000.000000001 777 0',
].join('\n');
const LISTED = 'd d/e d/e/g early f l';

describe('stored attributes, permissions enforced (POSIX)', () => {
  let h: Harness;
  let session: Session;
  beforeAll(async () => {
    h = await startHarness({ policy: { ...DEFAULT_POLICY, permissions: 'enforced' } });
    session = h.resources.open(await h.resources.create({ label: 'attrs' }));
  });
  afterAll(async () => h?.close());

  it('times to the nanosecond and modes hold in the session, in the store and through two stop/resume cycles', async () => {
    await session.check(SET);
    // Reading does not move atimes (the state directory is mounted noatime), in the session or in the store.
    const read = `cat ${M}/f ${M}/d/e/g >/dev/null; ls -R ${M}/d >/dev/null`;
    await session.check(read);
    expect((await session.check(times(LISTED))).trim()).toBe(EXPECTED);
    expect(await session.check(`stat -c '%a' ${M}/locked ${M}/sealed`)).toBe('0\n0\n');
    await session.stop();

    const tree = join(h.emulator.stateDir, 'store', sessionKey(session.runtime.id, session.id), 'tree');
    const st = await lstat(join(tree, 'f'), { bigint: true });
    expect([st.atimeNs, st.mtimeNs, st.mode & 0o7777n, st.uid]).toEqual([1600000000987654321n, 1700000000123456789n, 0o644n, 0n]);
    expect((await lstat(join(tree, 'early'), { bigint: true })).mtimeNs).toBe(-1000000000500000000n);
    expect((await lstat(join(tree, 'locked'))).mode & 0o7777).toBe(0);
    expect((await lstat(join(tree, 'sealed'))).mode & 0o7777).toBe(0);

    for (let cycle = 0; cycle < 2; cycle++) {
      await session.check(read);
      expect((await session.check(times(LISTED))).trim(), `cycle ${cycle + 1}`).toBe(EXPECTED);
      expect(await session.check(`stat -c '%a' ${M}/locked ${M}/sealed`)).toBe('0\n0\n');
      // (Whether mode 000 keeps the session's root out depends on its capabilities, the sandbox's business; other
      // users are kept out, as test/emulator/sessionfs/mounted.test.ts shows on the mount itself.)
      await session.stop();
    }
  });

  it('a write moves mtime to now; a directory changed by the session gets its real mtime back', async () => {
    await session.check(`cd ${M} && mkdir w && echo 1 > w/a && touch -d @1700000000.123456789 w/a w`);
    await session.check(`cd ${M} && echo 2 >> w/a && touch w/b`);
    const out = await session.check(`cd ${M} && stat -c '%.9Y' w/a w`);
    for (const t of out.trim().split('\n')) expect(Number(t)).toBeGreaterThan(1_700_000_001);
    const before = await session.check(`cd ${M} && stat -c '%n %.9X %.9Y' w w/a w/b`);
    await session.stop();
    expect(await session.check(`cd ${M} && stat -c '%n %.9X %.9Y' w w/a w/b`)).toBe(before);
  });
});

describe('permissions not enforced (the Developer Guide: stored, shown by stat, never checked)', () => {
  let h: Harness;
  let session: Session;
  beforeAll(async () => {
    h = await startHarness({ policy: { ...DEFAULT_POLICY, permissions: 'not-enforced' } });
    session = h.resources.open(await h.resources.create({ label: 'noperm' }));
  });
  afterAll(async () => h?.close());

  it('chmod 000 leaves files and directories usable, and stat shows 000, before and after stop/resume', async () => {
    const use = `cd ${M} && cat locked && cat sealed/inside && echo more >> locked && ls sealed && touch sealed/new && test -r locked && test -w locked && cd sealed && echo ok`;
    await session.check(SET);
    expect(await session.check(use)).toBe('locked\nin\ninside\nok\n');
    expect(await session.check(`stat -c '%a' ${M}/locked ${M}/sealed`)).toBe('0\n0\n');
    await session.stop();
    expect(await session.check(`stat -c '%a' ${M}/locked ${M}/sealed && cat ${M}/locked`)).toBe('0\n0\nlocked\nmore\n');
    expect(await session.check(use)).toBe('locked\nmore\nin\ninside\nnew\nok\n');
    expect((await session.check(times(LISTED))).trim()).toBe(EXPECTED);
  });

  it('chown to other ids, and a root-run tar x of files owned by others, are stored and shown after stop/resume', async (t) => {
    // Needs a sandbox that maps a range of ids into the session (inside 0..65535); with only inside 0 mapped the
    // kernel refuses the chown before the filesystem sees it.
    const [, , count] = (await session.check('cat /proc/self/uid_map')).trim().split(/\s+/).map(Number);
    if ((count ?? 0) < 65536) t.skip(`the sandbox maps ${count} id(s) into the session, not a range`);
    const owners = `cd ${M} && stat -c '%n %u %g' owned od t/src t/src/x`;
    await session.check(
      `cd ${M} && echo x > owned && chown 1000:2000 owned && mkdir od && chown 65535:0 od && ` +
        `mkdir -p /tmp/src && echo in > /tmp/src/x && tar --owner=1234 --group=5678 -cf /tmp/a.tar -C /tmp src && mkdir t && tar -xf /tmp/a.tar -C t`,
    );
    const expected = 'owned 1000 2000\nod 65535 0\nt/src 1234 5678\nt/src/x 1234 5678\n';
    expect(await session.check(owners)).toBe(expected);
    await session.stop();
    expect(await session.check(owners)).toBe(expected);
  });

  it('exec still needs an x bit, as for root on any filesystem', async () => {
    await session.check(`printf '#!/bin/sh\\necho ran\\n' > ${M}/script && chmod 644 ${M}/script`);
    expect((await session.run(`${M}/script`)).exitCode).toBe(126);
    await session.check(`chmod 100 ${M}/script`);
    expect(await session.check(`${M}/script`)).toBe('ran\n');
  });
});

// Every documented limit at its boundary: the last allowed value works, the first disallowed one fails with an errno
// the profile allows, nothing already stored is damaged, the session keeps working, and the stored data is intact
// after stop/resume. Where a limit is a range (the metadata budget), the boundary is measured and reported.
import { describe, expect } from 'vitest';
import { conformanceTest, expectRefusal, shQuote, type Session } from '../fixtures/index.ts';
import { parseProbe, probeCommand } from '../fixtures/probes.ts';
import type { ErrnoCase, Profile } from '../spec/profile.ts';

const SENTINEL = 'sentinel: written before the limit was reached\n';

/** A fresh directory under the mount with a sentinel file in it. */
async function prepare(session: Session, label: string): Promise<string> {
  const dir = `${session.mountPath}/${label}`;
  await session.check(`mkdir -p ${shQuote(dir)} && printf %s ${shQuote(SENTINEL)} > ${shQuote(`${dir}/sentinel`)}`);
  return dir;
}

/** After the refusal: the session still writes, and after stop/resume the sentinel and `kept` are still there. */
async function expectIntactAfterResume(session: Session, dir: string, kept: string): Promise<void> {
  expect(await session.check(`cd ${shQuote(dir)} && echo ok > after && cat after`)).toBe('ok\n');
  await session.stop();
  expect(await session.check(`cd ${shQuote(dir)} && cat sentinel && ${kept}`)).toMatch(new RegExp(`^${SENTINEL}`));
}

/** Python statements at a limit of `max`: the last allowed value, each first disallowed one, and a shell check of what must survive. */
interface Boundary {
  last: string;
  over: readonly string[];
  kept: string;
}

/** `n` levels of directories, `d/d/...`. */
const chain = (n: number) => Array.from({ length: n }, () => 'd').join('/');

/** The limits a single operation reaches, one row each: where the boundary is and how it is probed. */
const LIMITS: ReadonlyArray<{ claim: string; title: string; dir: string; errnos: ErrnoCase; max: (p: Profile) => number; at: (max: number) => Boundary }> = [
  {
    claim: 'limits/name-length',
    title: 'a name of the maximum length works, one byte more fails',
    dir: 'names',
    errnos: 'nameTooLong',
    max: (p) => p.limits.nameBytes,
    at: (max) => {
      // Multi-byte characters: the limit is in bytes, not characters (é is 2 bytes in UTF-8).
      const name = `${'é'.repeat(Math.floor(max / 2))}${max % 2 ? 'x' : ''}`;
      expect(Buffer.byteLength(name)).toBe(max);
      return { last: `open(${JSON.stringify(name)}, 'w').write('last')`, over: [`open(${JSON.stringify(`${name}y`)}, 'w')`], kept: `cat ${shQuote(name)}` };
    },
  },
  {
    claim: 'limits/symlink-target-length',
    title: 'a symlink target of the maximum length works, one byte more fails',
    dir: 'symlinks',
    errnos: 'symlinkTargetTooLong',
    max: (p) => p.limits.symlinkTargetBytes,
    at: (max) => {
      const target = (n: number) => `${'t/'.repeat(Math.floor(n / 2))}${n % 2 ? 'x' : ''}`;
      return {
        last: `os.symlink(${JSON.stringify(target(max))}, 'last')`,
        over: [`os.symlink(${JSON.stringify(target(max + 1))}, 'over')`],
        kept: `test "$(readlink last | wc -c)" = ${max + 1} && echo target-intact`,
      };
    },
  },
  {
    claim: 'limits/directory-depth',
    title: 'the deepest allowed directory works; one level more fails, by mkdir and by moving a subtree',
    dir: 'depth',
    errnos: 'depthExceeded',
    max: (p) => p.limits.directoryDepth,
    // `depth` is itself one level below the mount: max-1 more levels under it. A two-level subtree moved under level
    // max-1 would reach max+1.
    at: (max) => ({
      last: `os.makedirs(${JSON.stringify(chain(max - 1))})`,
      over: [`os.mkdir(${JSON.stringify(`${chain(max - 1)}/d`)})`, `os.makedirs('x/y')\nos.rename('x', ${JSON.stringify(`${chain(max - 2)}/x`)})`],
      kept: `test -d ${shQuote(chain(max - 1))} && test -d x/y && echo tree-intact`,
    }),
  },
];

describe('names, symlink targets and directory depth', () => {
  for (const row of LIMITS) {
    conformanceTest(row.claim)(row.title, async ({ session, profile, observe }) => {
      const dir = await prepare(session, row.dir);
      const { last, over, kept } = row.at(row.max(profile));
      expect(parseProbe(await session.check(probeCommand(dir, last)))).toEqual({ ok: true });
      for (const body of over) expectRefusal(parseProbe(await session.check(probeCommand(dir, body))), row.errnos, profile, observe, 'the first value past the limit');
      await expectIntactAfterResume(session, dir, kept);
    });
  }
});

describe('capacity', () => {
  conformanceTest('limits/storage-size')('data up to the storage limit fits; past it writes fail cleanly and nothing stored is damaged', { timeout: 600_000, tier: 'full' }, async ({ session, profile, observe }) => {
    const dir = await prepare(session, 'capacity');
    const limit = profile.limits.storageBytes;
    // Fill in 1 MiB writes until refused; stop trying well past the documented limit (an unenforced limit).
    const fill = [
      `fd = os.open('fill', os.O_WRONLY | os.O_CREAT)`,
      `chunk = b'\\0' * 1048576`,
      `total = 0`,
      `try:`,
      `    while total < ${limit} + 64 * 1048576:`,
      `        total += os.write(fd, chunk)`,
      `finally:`,
      `    print('WRITTEN', total)`,
    ].join('\n');
    const out = await session.check(probeCommand(dir, fill), { timeout: 900 });
    const written = Number(/WRITTEN (\d+)/.exec(out)?.[1]);
    const usedBefore = SENTINEL.length;
    observe('storageBytes', written + usedBefore, limit);
    expect(written + usedBefore, 'less than the documented storage fitted').toBeGreaterThanOrEqual(limit);
    expectRefusal(parseProbe(out), 'quota', profile, observe, 'the first write past the limit');
    expect(await session.check(`cd ${shQuote(dir)} && cat sentinel && rm fill && echo freed`)).toBe(`${SENTINEL}freed\n`);
    await expectIntactAfterResume(session, dir, 'test ! -e fill && echo fill-gone');
  });

  conformanceTest('limits/metadata-entries')('the metadata budget holds at least the documented number of entries, then refuses cleanly', { timeout: 900_000, tier: 'full' }, async ({ session, profile, observe }) => {
    const dir = await prepare(session, 'entries');
    const { min, max } = profile.limits.metadataEntries;
    // The budget is metadata ("~50 MB"): how many entries fit depends on their names. Files get names of the longest
    // allowed length, so a budget in bytes is reached with the fewest entries: the hardest case for `min`, and the
    // quickest fill. Entries already present count too; create until refused, at most max + 1000.
    const nameBytes = profile.limits.nameBytes;
    const fill = [
      `count = 0`,
      `pad = 'n' * ${nameBytes - 6}`,
      `try:`,
      `    for d in range(${Math.ceil((max + 1000) / 1000)}):`,
      `        os.mkdir(f'b{d}')`,
      `        count += 1`,
      `        for i in range(999):`,
      `            os.close(os.open(f'b{d}/{i:06d}{pad}', os.O_CREAT | os.O_WRONLY))`,
      `            count += 1`,
      `finally:`,
      `    print('CREATED', count)`,
    ].join('\n');
    const out = await session.check(probeCommand(dir, fill), { timeout: 900 });
    const created = Number(/CREATED (\d+)/.exec(out)?.[1]);
    const existing = Number(await session.check(`find ${shQuote(session.mountPath)} -mindepth 1 | wc -l`)) - created;
    // Where the target stopped, and with which names. The profile declares a range, which the checks below hold it
    // to; a declared value would be read as a list of allowed values (drift for anything strictly inside the range).
    observe('metadataEntries', created + existing);
    observe('metadataFileNameBytes', nameBytes);
    expect(created + existing, 'fewer entries than the documented budget fitted').toBeGreaterThanOrEqual(min);
    expect(created + existing, 'more entries than the documented budget fitted').toBeLessThanOrEqual(max);
    expectRefusal(parseProbe(out), 'quota', profile, observe, 'the first write past the limit');
    expect(await session.check(`cd ${shQuote(dir)} && rm -rf b* && cat sentinel`)).toBe(SENTINEL);
    await expectIntactAfterResume(session, dir, 'ls | wc -l');
  });
});

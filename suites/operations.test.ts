// The operations table: what must work under the mount, and what must fail cleanly with an errno the profile allows.
// Each refusal is checked from inside a session with a probe that reports the errno as a number, then the session is
// shown to still work and to have created nothing half-way.
import { describe, expect } from 'vitest';
import { conformanceTest, shQuote, type Session } from '../fixtures/index.ts';
import { parseProbe, probeCommand, UNSUPPORTED_OPS, type UnsupportedOp } from '../fixtures/probes.ts';
import type { ErrnoCase } from '../spec/profile.ts';

/** Runs one probe in `dir` (created, with a file `f` in it) and returns its outcome. */
async function probe(session: Session, dir: string, op: UnsupportedOp) {
  await session.check(`mkdir -p ${shQuote(dir)} && printf data > ${shQuote(`${dir}/f`)}`);
  return parseProbe(await session.check(probeCommand(dir, UNSUPPORTED_OPS[op])));
}

describe('supported operations', () => {
  conformanceTest('ops/supported-basic')('files and directories: write, append, read, truncate, rename, delete, stat, readdir', async ({ session }) => {
    const m = shQuote(session.mountPath);
    const out = await session.check(
      [
        'set -e',
        `cd ${m}`,
        'mkdir -p a/b/c',
        'printf hello > a/b/c/f && printf " world" >> a/b/c/f && cat a/b/c/f && echo',
        'truncate -s 5 a/b/c/f && cat a/b/c/f && echo',
        'mv a/b/c/f a/g && test ! -e a/b/c/f && cat a/g && echo',
        'mv a/b a/b2 && ls a',
        "stat -c '%s %F' a/g",
        'rm a/g && rmdir a/b2/c a/b2 && ls -A a | wc -l',
        'touch -m -d "2001-02-03 04:05:06.123456" t && stat -c %y t',
      ].join('\n'),
    );
    expect(out).toBe('hello world\nhello\nhello\nb2\ng\n5 regular file\n0\n2001-02-03 04:05:06.123456000 +0000\n');
  });

  conformanceTest('ops/chmod-chown')('chmod and chown to the session user change what stat reports', async ({ session }) => {
    const m = shQuote(session.mountPath);
    const out = await session.check(`set -e; cd ${m}; touch f; mkdir d; chmod 640 f; chmod 2750 d; chown "$(id -u):$(id -g)" f; stat -c '%a %u' f; stat -c %a d`);
    const [uid] = (await session.check('id -u')).trim().split('\n');
    expect(out).toBe(`640 ${uid}\n2750\n`);
  });

  conformanceTest('ops/symlinks')('relative, absolute and dangling symlinks keep their targets', async ({ session }) => {
    const m = session.mountPath;
    const out = await session.check(
      `set -e; cd ${shQuote(m)}; echo x > t; ln -s t rel; ln -s ${shQuote(`${m}/t`)} abs; ln -s nowhere dangling; readlink rel abs dangling; cat rel abs; test ! -e dangling && echo dangling-ok`,
    );
    expect(out).toBe(`t\n${m}/t\nnowhere\nx\nx\ndangling-ok\n`);
  });
});

const REFUSALS: ReadonlyArray<{ claim: string; op: UnsupportedOp; errnos: ErrnoCase; leaves: string | undefined }> = [
  { claim: 'ops/hard-link-refused', op: 'hardLink', errnos: 'hardLink', leaves: 'f-hardlink' },
  { claim: 'ops/special-files-refused', op: 'fifo', errnos: 'specialFile', leaves: 'f-fifo' },
  { claim: 'ops/special-files-refused', op: 'unixSocket', errnos: 'specialFile', leaves: 'f-socket' },
  { claim: 'ops/special-files-refused', op: 'charDevice', errnos: 'specialFile', leaves: 'f-chr' },
  { claim: 'ops/xattr-unsupported', op: 'setxattr', errnos: 'xattr', leaves: undefined },
  { claim: 'ops/fallocate-unsupported', op: 'fallocate', errnos: 'fallocate', leaves: undefined },
];

describe('unsupported operations fail cleanly', () => {
  for (const r of REFUSALS) {
    conformanceTest(r.claim)(`${r.op} fails with an allowed errno and leaves nothing behind`, async ({ session, unsupportedAsDocumented }) => {
      const dir = `${session.mountPath}/probe-${r.op}`;
      const result = await probe(session, dir, r.op);
      expect(result, `${r.op} succeeded under the mount`).toMatchObject({ ok: false });
      unsupportedAsDocumented(r.errnos, (result as { errno: number }).errno);
      // Nothing half-made, the original intact, and the session still writes.
      const after = await session.check(
        `cd ${shQuote(dir)} && ls -A && cat f && echo && echo more > g && cat g${r.op === 'fallocate' ? " && stat -c %s f" : ''}`,
      );
      // fallocate must not have grown the file either.
      expect(after).toBe(`f\ndata\nmore\n${r.op === 'fallocate' ? '4\n' : ''}`);
      if (r.leaves) expect(after).not.toContain(r.leaves);
    });
  }

  conformanceTest('ops/xattr-unsupported')('reading extended attributes is refused too (observed)', async ({ session, observe }) => {
    for (const op of ['getxattr', 'listxattr'] as const) {
      const result = await probe(session, `${session.mountPath}/probe-${op}`, op);
      observe(op, result.ok ? 'OK' : result.errno);
      expect(result).toMatchObject({ ok: false });
    }
  });
});

describe('locks', () => {
  conformanceTest('ops/locks-within-session')('POSIX and BSD locks within one session work as the profile says (each outcome recorded); SQLite works', async ({ session, profile, observe }) => {
    const dir = `${session.mountPath}/locks`;
    await session.check(`mkdir -p ${shQuote(dir)}`);
    const lockf = parseProbe(await session.check(probeCommand(dir, "import fcntl\nfd = os.open('l', os.O_RDWR | os.O_CREAT)\nfcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)")));
    const flock = parseProbe(await session.check(probeCommand(dir, "import fcntl\nfd = os.open('l', os.O_RDWR | os.O_CREAT)\nfcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)")));
    const sqlite = parseProbe(
      await session.check(probeCommand(dir, "import sqlite3\nc = sqlite3.connect('db.sqlite')\nc.execute('create table if not exists t(x)')\nc.execute('insert into t values (1)')\nc.commit()")),
    );
    observe('lockf', lockf.ok ? 'OK' : lockf.errno);
    observe('flock', flock.ok ? 'OK' : flock.errno);
    observe('sqlite', sqlite.ok ? 'OK' : sqlite.errno);
    if (profile.locks.withinSession === 'supported') expect([lockf.ok, flock.ok, sqlite.ok]).toEqual([true, true, true]);
    if (profile.locks.withinSession === 'unsupported') expect([lockf.ok, flock.ok]).toEqual([false, false]);
  });

  conformanceTest('ops/locks-cross-session')('a lock held when the session stops is not held after resume', async ({ session, observe }) => {
    const dir = `${session.mountPath}/xlock`;
    await session.check(`mkdir -p ${shQuote(dir)} && touch ${shQuote(`${dir}/l`)}`);
    // A background holder keeps the lock until the session stops; it marks when it holds it (a fixed sleep would race
    // python's start on a loaded machine).
    await session.check(
      `cd ${shQuote(dir)} && nohup python3 -c "import fcntl,os,time; fd=os.open('l', os.O_RDWR); fcntl.flock(fd, fcntl.LOCK_EX); open('held', 'w').close(); time.sleep(600)" >/dev/null 2>&1 & ` +
        `for i in $(seq 200); do [ -e ${shQuote(`${dir}/held`)} ] && break; sleep 0.05; done`,
    );
    const held = parseProbe(await session.check(probeCommand(dir, "import fcntl\nfd = os.open('l', os.O_RDWR)\nfcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)")));
    await session.stop();
    const after = parseProbe(await session.check(probeCommand(dir, "import fcntl\nfd = os.open('l', os.O_RDWR)\nfcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)")));
    // Whether a second holder in the same session is refused depends on the lock semantics (observed); after
    // stop/resume the holder is gone, and so must be its lock.
    observe('second holder before stop', held.ok ? 'OK' : held.errno);
    expect(after).toEqual({ ok: true });
  });
});

// Modes and owners under the mount. The Developer Guide lists chmod, chown and stat as supported (S2) and says
// "Permissions are stored but not enforced within the session" (S5). So: chmod and chown to any uid and gid are stored
// and shown by stat, in the session and after stop/resume, also through a root-run `tar x`; whether access checks
// apply is the profile's `permissions` (`not-enforced` on AgentCore, `enforced` for a POSIX target), checked for root
// and for another user of the session (util-linux setpriv, which drops to uid/gid 1000).
import { describe, expect } from 'vitest';
import { conformanceTest, requireTools, shQuote, type Observe, type Session } from '../fixtures/index.ts';
import { parseProbes, probeEachCommand, type ProbeResult } from '../fixtures/probes.ts';
import { ERRNO, errnoLabel } from '../spec/errno.ts';

const OTHER_USER = 'setpriv --reuid 1000 --regid 1000 --clear-groups';

/** What each user tries on a file `f` and a directory `closed`, both mode 000 and owned by root. */
const ACCESS = (who: string) => ({
  read: "open('f').read()",
  write: `with open('f', 'a') as fh:\n    fh.write('${who}\\n')`,
  create: `open('closed/by-${who}', 'w').close()`,
  list: "os.listdir('closed')",
});

const label = (r: ProbeResult | undefined) => (r === undefined ? 'missing' : r.ok ? 'OK' : errnoLabel(r.errno));

async function tryAccess(session: Session, dir: string, who: 'root' | 'other', observe: Observe): Promise<Record<string, ProbeResult>> {
  const outcome = parseProbes(await session.check(probeEachCommand(dir, ACCESS(who), who === 'other' ? OTHER_USER : '')));
  for (const op of Object.keys(ACCESS(who))) observe(`${who} ${op}`, label(outcome[op]));
  return outcome;
}

/** `stat` of paths relative to `dir`: `name uid:gid mode` (octal) per line; symlinks themselves, not their targets. */
const statLines = (session: Session, dir: string, paths: string[]) =>
  session.check(`cd ${shQuote(dir)} && stat -c '%n %u:%g %a' -- ${paths.map(shQuote).join(' ')}`);

describe('permissions (S5)', () => {
  conformanceTest('ops/permissions-not-enforced')(
    'mode 000 is stored and shown; reading, writing and creating by root and by another user follow the profile',
    async ({ session, profile, skip, observe }) => {
      await requireTools(session, skip, 'python3', 'setpriv');
      const dir = `${session.mountPath}/perm`;
      await session.check(`set -e; mkdir -p ${shQuote(dir)}/closed; cd ${shQuote(dir)}; echo secret > f; chmod 000 f closed; chmod 755 .`);
      expect(await statLines(session, dir, ['f', 'closed'])).toBe('f 0:0 0\nclosed 0:0 0\n');
      const root = await tryAccess(session, dir, 'root', observe);
      const other = await tryAccess(session, dir, 'other', observe);
      if (profile.permissions === 'not-enforced') {
        expect({ root, other }).toEqual({
          root: { read: { ok: true }, write: { ok: true }, create: { ok: true }, list: { ok: true } },
          other: { read: { ok: true }, write: { ok: true }, create: { ok: true }, list: { ok: true } },
        });
      } else {
        // POSIX: mode 000 keeps out every user but root (whose capabilities override modes).
        const denied = { ok: false, errno: ERRNO.EACCES };
        expect(other).toEqual({ read: denied, write: denied, create: denied, list: denied });
      }
      // The modes are stored as set, whatever the checks did: in the session and after stop/resume.
      expect(await statLines(session, dir, ['f', 'closed'])).toBe('f 0:0 0\nclosed 0:0 0\n');
      await session.stop();
      expect(await statLines(session, dir, ['f', 'closed'])).toBe('f 0:0 0\nclosed 0:0 0\n');
      if (profile.permissions === 'not-enforced') {
        expect(await session.check(`cd ${shQuote(dir)} && cat f && ls closed`)).toBe('secret\nroot\nother\nby-other\nby-root\n');
      }
    },
  );
});

describe('owners (S2)', () => {
  conformanceTest('ops/chmod-chown')('chown to other uids and gids is stored and shown by stat, after stop/resume too', async ({ session }) => {
    const dir = `${session.mountPath}/owners`;
    await session.check(
      `set -e; mkdir -p ${shQuote(dir)}/d; cd ${shQuote(dir)}; touch a; ln -s a l; chown 1000:1000 a; chown 4242:4343 d; chown -h 65534:65534 l; chmod 2750 d`,
    );
    const expected = 'a 1000:1000 644\nd 4242:4343 2750\nl 65534:65534 777\n';
    expect(await statLines(session, dir, ['a', 'd', 'l'])).toBe(expected);
    await session.stop();
    expect(await statLines(session, dir, ['a', 'd', 'l'])).toBe(expected);
  });

  conformanceTest('ops/chmod-chown')('a root-run tar extraction keeps the owners of its members, after stop/resume too', async ({ session, skip }) => {
    await requireTools(session, skip, 'python3', 'tar');
    // The archive is built in the session (python's tarfile sets any owner without privileges), outside the mount.
    const build = [
      'import io, tarfile',
      "t = tarfile.open('/tmp/ssc-owners.tar', 'w', format=tarfile.GNU_FORMAT)",
      'def add(name, kind, uid, gid, mode, data=b"", link=""):',
      '    ti = tarfile.TarInfo(name); ti.type = kind; ti.uid, ti.gid, ti.mode, ti.mtime = uid, gid, mode, 1700000000',
      '    ti.uname = ti.gname = ""; ti.linkname = link; ti.size = len(data)',
      '    t.addfile(ti, io.BytesIO(data) if data else None)',
      "add('proj', tarfile.DIRTYPE, 1000, 1000, 0o755)",
      "add('proj/a.txt', tarfile.REGTYPE, 1001, 1002, 0o640, b'a\\n')",
      "add('proj/run.sh', tarfile.REGTYPE, 0, 0, 0o755, b'#!/bin/sh\\n')",
      "add('proj/nobody', tarfile.REGTYPE, 65534, 65534, 0o600, b'n\\n')",
      "add('proj/link', tarfile.SYMTYPE, 1003, 1004, 0o777, link='a.txt')",
      't.close()',
    ].join('\n');
    const dir = `${session.mountPath}/untar`;
    await session.check(`set -e; python3 -c ${shQuote(build)}; mkdir -p ${shQuote(dir)}; tar -xpf /tmp/ssc-owners.tar --same-owner --numeric-owner -C ${shQuote(dir)}`);
    const members = ['proj', 'proj/a.txt', 'proj/run.sh', 'proj/nobody', 'proj/link'];
    const expected = 'proj 1000:1000 755\nproj/a.txt 1001:1002 640\nproj/run.sh 0:0 755\nproj/nobody 65534:65534 600\nproj/link 1003:1004 777\n';
    expect(await statLines(session, dir, members)).toBe(expected);
    await session.stop();
    expect(await statLines(session, dir, members)).toBe(expected);
  });
});

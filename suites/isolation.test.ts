// Adversarial isolation, seen from inside a session and true of any target: a session that goes looking for another
// session's data (its mount, /tmp and $HOME, by `..` and symlinks, anywhere on the filesystem) finds nothing, and a
// session can neither see nor signal another session's processes. A symlink planted to lead out of the storage is
// restored as the same symlink and still resolves inside the session's own view. (What only the emulator can show,
// such as its store, state directory and host, is tested in test/emulator/sandbox/adversarial.test.ts.)
import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { conformanceTest, shQuote, type Session } from '../fixtures/index.ts';

/** Top-level directories a filesystem-wide search skips: kernel views and the read-only system. */
const NOT_SEARCHED = ['proc', 'sys', 'dev', 'usr', 'lib', 'lib64', 'bin', 'sbin', 'etc'];

/** The quick tier keeps the lifecycle suite's isolation test; these adversarial ones cost more sessions and time. */
const STANDARD = { tier: 'standard' } as const;

/** Files anywhere that contain `needle` (at most 5), as seen by `session`; bounded in time. */
const search = (session: Session, needle: string): Promise<string> =>
  session.check(
    `timeout 120 grep -rlsF ${NOT_SEARCHED.map((d) => `--exclude-dir=${d}`).join(' ')} -- ${shQuote(needle)} / | head -5; true`,
    { timeout: 180 },
  );

describe('another session is out of reach', () => {
  conformanceTest('life/isolation')(
    "a session finds none of another session's files: not in its mount, not via .. or symlinks, nowhere on the filesystem",
    STANDARD,
    async ({ runtime, sessions }) => {
      const [victim, attacker] = [sessions.open(runtime, { label: 'victim' }), sessions.open(runtime, { label: 'attacker' })];
      const secret = `ssc-secret-${randomUUID()}`;
      const name = `victim-${randomUUID()}`;
      const m = victim.mountPath;
      // The secret in the storage, in /tmp and in $HOME; the name is known to the attacker (e.g. guessed).
      await victim.check(`set -e; for d in ${shQuote(m)} /tmp "$HOME"; do printf %s ${shQuote(secret)} > "$d"/${shQuote(name)}; done`);
      const probes = [
        `cat -- ${shQuote(`${m}/${name}`)}`,
        `cat -- ${shQuote(`${m}/../${m.split('/').at(-1)}/${name}`)}`,
        `cat -- ${shQuote(`${m}/../../../../../../../..${m}/${name}`)}`,
        `cat -- /tmp/${shQuote(name)}`,
        `ln -sfn -- ${shQuote(`${m}/${name}`)} ${shQuote(`${m}/abs-link`)} && cat -- ${shQuote(`${m}/abs-link`)}`,
        `ln -sfn -- ../../../../..${shQuote(`${m}/${name}`)} ${shQuote(`${m}/rel-link`)} && cat -- ${shQuote(`${m}/rel-link`)}`,
      ];
      const out = await attacker.check(probes.map((p) => `{ ${p}; } 2>/dev/null; echo`).join('\n'));
      expect(out).not.toContain(secret);
      expect(await search(attacker, secret)).toBe('');
      // The same search in the victim's session finds its copies: an empty answer above is not a broken search.
      expect(await search(victim, secret)).toContain(name);
      // The victim still has all three: the attacker's attempts did not remove anything either.
      expect(await victim.check(`cat -- ${shQuote(`${m}/${name}`)} /tmp/${shQuote(name)} "$HOME"/${shQuote(name)}`)).toBe(secret.repeat(3));
    },
  );

  conformanceTest('life/isolation')("a session can neither see nor signal another session's processes", STANDARD, async ({ runtime, sessions }) => {
    const [victim, attacker] = [sessions.open(runtime, { label: 'victim' }), sessions.open(runtime, { label: 'attacker' })];
    // The marker is assembled at run time so that only the background process carries it (as its argv[0]).
    const marker = `m=ssc-proc-; m+=${randomUUID()}`;
    const scan = (action: string) =>
      `${marker}; for f in /proc/[0-9]*/cmdline; do IFS= read -r -d '' a0 < "$f" 2>/dev/null || continue; [[ $a0 == "$m" ]] && ${action}; done; true`;
    const find = scan('echo found');
    await victim.check(`${marker}; nohup bash -c "exec -a $m sleep 600" >/dev/null 2>&1 &`);
    // The background process execs after its command returned: wait until it carries the marker.
    await expect.poll(() => victim.check(find), { timeout: 10_000 }).toBe('found\n');
    expect(await attacker.check(find)).toBe('');
    // SIGKILL to every process the attacker can see that carries the marker (with only shell builtins and /proc).
    const kill = scan('{ p=${f#/proc/}; kill -KILL "${p%/cmdline}" && echo killed; }');
    expect(await attacker.check(kill)).toBe('');
    expect(await victim.check(find)).toBe('found\n');
    // The same attack from the victim's own session does kill it: the probe works where the process is reachable.
    expect(await victim.check(kill)).toBe('killed\n');
    await expect.poll(() => victim.check(find)).toBe('');
  });
});

describe('symlinks that point out of the storage', () => {
  conformanceTest('life/isolation')('are restored as the same symlinks and still resolve inside the session after stop/resume', STANDARD, async ({ session }) => {
    const m = session.mountPath;
    const depth = m.split('/').filter(Boolean).length;
    const links: Record<string, string> = {
      up: Array.from({ length: depth + 3 }, () => '..').join('/'),
      root: '/',
      etc: '/etc',
      'far-up': `${'../'.repeat(40)}tmp`,
    };
    await session.check(Object.entries(links).map(([l, t]) => `ln -s -- ${shQuote(t)} ${shQuote(`${m}/${l}`)}`).join(' && '));
    // `up/` must be the session's own root: the same listing, the same /etc (device and inode).
    const view = [
      `cd ${shQuote(m)}`,
      `for l in ${Object.keys(links).join(' ')}; do readlink -- "$l"; done`,
      'test "$(ls -A up/)" = "$(ls -A /)" && echo up-is-own-root',
      'test "$(stat -c %d:%i up/etc/)" = "$(stat -c %d:%i /etc/)" && echo etc-is-own-etc',
      'test "$(stat -c %d:%i far-up/)" = "$(stat -c %d:%i /tmp/)" && echo far-up-is-own-tmp',
    ].join(' && ');
    const expected = `${Object.values(links).join('\n')}\nup-is-own-root\netc-is-own-etc\nfar-up-is-own-tmp\n`;
    expect(await session.check(view)).toBe(expected);
    await session.stop();
    expect(await session.check(view)).toBe(expected);
  });
});

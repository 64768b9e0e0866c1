// Ordinary developer tools work under the mount and their state survives stop/resume: git, npm (installing a local
// tarball: no registry needed), python venv, SQLite. A tool missing from the target's image is an environment skip.
import { describe, expect } from 'vitest';
import { conformanceTest, shQuote, type Session } from '../fixtures/index.ts';

type Skip = (note?: string) => never;

/** Skips the test (environment) when a tool is not installed in the target's image. */
async function requireTools(session: Session, skip: Skip, ...tools: string[]): Promise<void> {
  const missing = (await session.check(`for t in ${tools.join(' ')}; do command -v "$t" >/dev/null || echo "$t"; done`)).trim();
  if (missing) skip(`the target's image lacks: ${missing.split('\n').join(', ')}`);
}

describe('developer tools under the mount', () => {
  conformanceTest('ops/dev-tools')('git: init, commit, status survive stop/resume', async ({ session, skip }) => {
    await requireTools(session, skip, 'git');
    const repo = shQuote(`${session.mountPath}/repo`);
    const git = 'git -c user.email=ssc@example.com -c user.name=ssc -c safe.directory=*';
    await session.check(
      `set -e; mkdir ${repo}; cd ${repo}; ${git} init -q; mkdir -p src; for i in $(seq 1 50); do echo "line $i" > src/f$i.txt; done; ln -s src/f1.txt link; ${git} add -A; ${git} commit -qm first; echo change >> src/f2.txt`,
    );
    const before = await session.check(`cd ${repo} && ${git} status --porcelain && ${git} log --oneline | wc -l && ${git} fsck --no-progress 2>&1 | wc -l`);
    expect(before).toBe(' M src/f2.txt\n1\n0\n');
    await session.stop();
    expect(await session.check(`cd ${repo} && ${git} status --porcelain && ${git} log --oneline | wc -l && ${git} fsck --no-progress 2>&1 | wc -l`)).toBe(before);
  });

  conformanceTest('ops/dev-tools')('npm: installing a local package tarball survives stop/resume', async ({ session, skip }) => {
    await requireTools(session, skip, 'npm', 'node');
    const m = session.mountPath;
    await session.check(
      [
        'set -e',
        `mkdir -p ${shQuote(`${m}/pkg`)} ${shQuote(`${m}/app`)}`,
        `cd ${shQuote(`${m}/pkg`)}`,
        `printf '{"name":"ssc-probe-pkg","version":"1.0.0","main":"index.js"}' > package.json`,
        `echo 'module.exports = () => "ssc-probe-pkg works";' > index.js`,
        'npm pack --silent >/dev/null',
        `cd ${shQuote(`${m}/app`)}`,
        `printf '{"name":"app","version":"1.0.0"}' > package.json`,
        'npm install --silent --offline --no-audit --no-fund ../pkg/ssc-probe-pkg-1.0.0.tgz',
      ].join('\n'),
    );
    const run = `cd ${shQuote(`${m}/app`)} && node -e 'console.log(require("ssc-probe-pkg")())'`;
    expect(await session.check(run)).toBe('ssc-probe-pkg works\n');
    await session.stop();
    expect(await session.check(run)).toBe('ssc-probe-pkg works\n');
  });

  conformanceTest('ops/dev-tools')('python: a venv created under the mount still runs after stop/resume', async ({ session, skip }) => {
    await requireTools(session, skip, 'python3');
    const venv = shQuote(`${session.mountPath}/venv`);
    await session.check(`python3 -m venv ${venv}`, { timeout: 600 });
    const run = `${venv}/bin/python -c 'import sys; print(sys.prefix != sys.base_prefix)' && ${venv}/bin/python -m pip --version | cut -d' ' -f1`;
    expect(await session.check(run)).toBe('True\npip\n');
    await session.stop();
    expect(await session.check(run)).toBe('True\npip\n');
  });

  conformanceTest('ops/dev-tools', 'ops/locks-within-session')('sqlite: a database written under the mount survives stop/resume', async ({ session, skip }) => {
    await requireTools(session, skip, 'python3');
    const db = JSON.stringify(`${session.mountPath}/app.db`);
    const write = `import sqlite3\nc = sqlite3.connect(${db})\nc.execute('create table t(x)')\nc.executemany('insert into t values (?)', [(i,) for i in range(1000)])\nc.commit()`;
    await session.check(`python3 -c ${shQuote(write)}`);
    const read = `python3 -c ${shQuote(`import sqlite3\nc = sqlite3.connect(${db})\nprint(c.execute('pragma integrity_check').fetchone()[0], c.execute('select count(*), sum(x) from t').fetchone())`)}`;
    expect(await session.check(read)).toBe('ok (1000, 499500)\n');
    await session.stop();
    expect(await session.check(read)).toBe('ok (1000, 499500)\n');
  });
});

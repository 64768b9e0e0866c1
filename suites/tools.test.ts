// Standard tools work under the mount and what they build survives stop/resume, as the Developer Guide says (S1:
// "ls, cat, mkdir, git, npm, pip, and cargo all work as expected"): git, npm (installing a local tarball: no registry
// needed), python venv, SQLite, pip (a wheel built in the session always; the configured registry where the session
// reaches it) and cargo (where the image ships it, offline). A tool missing from the image, or a registry the session
// cannot reach, is an environment skip with the reason, decided by a probe.
import { describe, expect } from 'vitest';
import { conformanceTest, requireTools, shQuote } from '../fixtures/index.ts';

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
    const venv = `${session.mountPath}/venv`;
    // Without pip: pip installing into a venv under the mount is the next test's subject, and pip installing itself
    // here cost 10–30 s of a 45 s tier. What makes a venv (pyvenv.cfg, bin/python, its own site-packages) is all here.
    await session.check(`python3 -m venv --without-pip ${shQuote(venv)}`, { timeout: 600 });
    const python = shQuote(`${venv}/bin/python`);
    await session.check(`printf 'OK = "ssc-venv-module"\\n' > "$(${python} -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/ssc_venv_probe.py"`);
    const run = `${python} -c 'import sys, ssc_venv_probe; print(sys.prefix != sys.base_prefix, sys.prefix, ssc_venv_probe.OK)'`;
    const expected = `True ${venv} ssc-venv-module\n`;
    expect(await session.check(run)).toBe(expected);
    await session.stop();
    expect(await session.check(run)).toBe(expected);
  });

  conformanceTest('ops/dev-tools')('pip: a wheel built in the session installs into a venv under the mount and runs after stop/resume', async ({ session, skip }) => {
    await requireTools(session, skip, 'python3');
    const m = session.mountPath;
    const venv = `${m}/pip-venv`;
    // pip installing into a venv under the mount is the subject, not pip installing itself there (~1,000 files and
    // their bytecode: 20–30 s of a 45 s tier): the image's pip where it has one, reached through the venv's system
    // site-packages, else the venv's own.
    const imagePip = (await session.run('python3 -m pip --version')).exitCode === 0;
    await session.check(`python3 -m venv ${imagePip ? '--system-site-packages --without-pip ' : ''}${shQuote(venv)}`, { timeout: 600 });
    // A wheel is a zip with metadata (PEP 427): built with the standard library, so no network and no build backend.
    const wheel = `${m}/wheels/ssc_probe_wheel-1.0.0-py3-none-any.whl`;
    const build = [
      'import base64, hashlib, os, sys, zipfile',
      'files = {',
      '    "ssc_probe_wheel/__init__.py": "def main():\\n    print(\'ssc-probe-wheel works\')\\n",',
      '    "ssc_probe_wheel-1.0.0.dist-info/METADATA": "Metadata-Version: 2.1\\nName: ssc-probe-wheel\\nVersion: 1.0.0\\n",',
      '    "ssc_probe_wheel-1.0.0.dist-info/WHEEL": "Wheel-Version: 1.0\\nGenerator: ssc\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n",',
      '    "ssc_probe_wheel-1.0.0.dist-info/entry_points.txt": "[console_scripts]\\nssc-probe-wheel = ssc_probe_wheel:main\\n",',
      '}',
      'record = [f"{n},sha256={base64.urlsafe_b64encode(hashlib.sha256(d.encode()).digest()).rstrip(b\'=\').decode()},{len(d.encode())}" for n, d in files.items()]',
      'files["ssc_probe_wheel-1.0.0.dist-info/RECORD"] = "\\n".join(record + ["ssc_probe_wheel-1.0.0.dist-info/RECORD,,"]) + "\\n"',
      'os.makedirs(os.path.dirname(sys.argv[1]), exist_ok=True)',
      'with zipfile.ZipFile(sys.argv[1], "w") as z:',
      '    for n, d in files.items(): z.writestr(n, d)',
    ].join('\n');
    await session.check(`python3 -c ${shQuote(build)} ${shQuote(wheel)}`);
    const python = shQuote(`${venv}/bin/python`);
    const pip = `PIP_DISABLE_PIP_VERSION_CHECK=1 ${python} -m pip`;
    await session.check(`${pip} install --no-index --no-cache-dir ${shQuote(wheel)}`, { timeout: 600 });
    const purelib = (await session.check(`${python} -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])'`)).trim();
    expect(purelib.startsWith(`${venv}/`), `the venv's site-packages ${purelib} is under the venv`).toBe(true);
    // Installed into the venv (Location), runnable by its console script and by import, after stop/resume too.
    const run = `${shQuote(`${venv}/bin/ssc-probe-wheel`)} && ${python} -c 'import ssc_probe_wheel; ssc_probe_wheel.main()' && ${pip} show ssc-probe-wheel | grep -E '^(Version|Location)'`;
    const expected = `ssc-probe-wheel works\nssc-probe-wheel works\nVersion: 1.0.0\nLocation: ${purelib}\n`;
    expect(await session.check(run)).toBe(expected);
    await session.stop();
    expect(await session.check(run)).toBe(expected);
  });

  conformanceTest('ops/dev-tools')('pip: a package from the configured registry installs under the mount and runs after stop/resume', async ({ session, skip }) => {
    await requireTools(session, skip, 'python3');
    const venv = `${session.mountPath}/registry-venv`;
    const venvPip = `PIP_DISABLE_PIP_VERSION_CHECK=1 ${shQuote(`${venv}/bin/pip`)}`;
    // Probe first: does the session reach the index pip is configured with (PIP_INDEX_URL, pip.conf, else PyPI)? Any
    // pip reads the same configuration: the image's own where it has one, else one in a scratch venv outside the
    // mount, so that an unreachable index costs no venv under the mount.
    const probePip =
      'PIP_DISABLE_PIP_VERSION_CHECK=1 $(if python3 -m pip --version >/dev/null 2>&1; then echo python3 -m pip; ' +
      'else python3 -m venv /tmp/ssc-pip-probe-venv >/dev/null && echo /tmp/ssc-pip-probe-venv/bin/pip; fi)';
    const reach = await session.run(`${probePip} download --no-deps --no-cache-dir --retries 0 --timeout 10 -d /tmp/ssc-pip-probe six 2>&1 | tail -n 3`, { timeout: 300 });
    if (reach.exitCode !== 0 || !/Saved|already downloaded/i.test(reach.stdout)) {
      const index = (await session.run(`${probePip} config list 2>/dev/null | grep -i index-url; printf %s "\${PIP_INDEX_URL:-}"`)).stdout.trim() || 'https://pypi.org/simple (pip\'s default)';
      return skip(`the session cannot reach the package index ${index}: ${reach.stdout.trim().split('\n').at(-1) ?? ''}`);
    }
    await session.check(`python3 -m venv ${shQuote(venv)}`, { timeout: 600 });
    await session.check(`${venvPip} install --no-cache-dir six`, { timeout: 600 });
    const run = `${shQuote(`${venv}/bin/python`)} -c 'import six; print(six.__name__, six.PY3)'`;
    expect(await session.check(run)).toBe('six True\n');
    await session.stop();
    expect(await session.check(run)).toBe('six True\n');
  });

  conformanceTest('ops/dev-tools')('cargo: a crate without dependencies builds offline under the mount and runs after stop/resume', async ({ session, skip }) => {
    await requireTools(session, skip, 'cargo');
    const crate = `${session.mountPath}/hello-ssc`;
    const cargo = 'CARGO_TERM_COLOR=never cargo';
    await session.check(`set -e; ${cargo} new --vcs none --quiet ${shQuote(crate)}; cd ${shQuote(crate)}; ${cargo} build --offline --release --quiet`, { timeout: 900 });
    const run = `${shQuote(`${crate}/target/release/hello-ssc`)} && cd ${shQuote(crate)} && ${cargo} run --offline --release --quiet`;
    expect(await session.check(run, { timeout: 900 })).toBe('Hello, world!\nHello, world!\n');
    await session.stop();
    expect(await session.check(run, { timeout: 900 })).toBe('Hello, world!\nHello, world!\n');
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

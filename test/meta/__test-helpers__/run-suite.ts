// Runs conformance suites in a child vitest against an emulator configured through the environment, and returns
// the claims of its compliance report: how meta-tests show a suite fails against a broken target.
import { execa } from 'execa';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export interface ClaimResult {
  id: string;
  status: string;
}

export interface SuiteRun<T> {
  claims: ClaimResult[];
  exitCode: number | undefined;
  /** The child's stdout and stderr, for failure messages. */
  output: string;
  /** What `inspect` read from the report directory before it was removed. */
  inspected: T;
}

/**
 * `args` are vitest arguments after the project (suite files, `-t` filters); `inspect` may read anything else the run
 * wrote under its report directory (e.g. counterexamples) before the directory is removed.
 */
export async function runSuites<T = undefined>(
  args: readonly string[],
  env: Record<string, string>,
  inspect?: (reportDir: string) => Promise<T>,
): Promise<SuiteRun<T>> {
  const reportDir = await mkdtemp(join(tmpdir(), 'ssc-meta-'));
  try {
    const r = await execa('npx', ['vitest', 'run', '--project', 'conformance', ...args, '--reporter=./reporters/claims-reporter.ts'], {
      cwd: ROOT,
      reject: false,
      all: true,
      // Tier full: a meta-test picks its tests by file and filter, none may be left out by the default tier.
      env: { SSC_TARGET: 'emulator', SSC_REPORT_DIR: reportDir, SSC_TIER: 'full', ...env },
    });
    const report = JSON.parse(await readFile(join(reportDir, 'compliance.json'), 'utf8')) as { claims: ClaimResult[] };
    const inspected = (inspect ? await inspect(reportDir) : undefined) as T;
    return { claims: report.claims, exitCode: r.exitCode, output: r.all ?? '', inspected };
  } finally {
    await rm(reportDir, { recursive: true, force: true });
  }
}

export const statusOf = (claims: readonly ClaimResult[], id: string): string | undefined => claims.find((c) => c.id === id)?.status;

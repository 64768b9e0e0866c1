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

export async function runSuites(suites: readonly string[], env: Record<string, string>): Promise<{ claims: ClaimResult[]; exitCode: number | undefined }> {
  const reportDir = await mkdtemp(join(tmpdir(), 'ssc-meta-'));
  try {
    const r = await execa('npx', ['vitest', 'run', '--project', 'conformance', ...suites, '--reporter=./reporters/claims-reporter.ts'], {
      cwd: ROOT,
      reject: false,
      env: { SSC_TARGET: 'emulator', SSC_REPORT_DIR: reportDir, ...env },
    });
    const report = JSON.parse(await readFile(join(reportDir, 'compliance.json'), 'utf8')) as { claims: ClaimResult[] };
    return { claims: report.claims, exitCode: r.exitCode };
  } finally {
    await rm(reportDir, { recursive: true, force: true });
  }
}

export const statusOf = (claims: readonly ClaimResult[], id: string): string | undefined => claims.find((c) => c.id === id)?.status;

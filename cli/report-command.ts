// `ssc report merge <a.json> <b.json> ... [--out DIR]`: merges compliance.json files from several runs (targets,
// profiles) into one matrix: compliance-matrix.{json,md,html}. Bad input says which file and why: usage errors exit 2,
// unreadable, invalid or wrong-version reports exit 1.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { compareReports, renderComparison } from '../reporters/compare-reports.ts';
import { mergeReports, type ExpectationColumns } from '../reporters/merge-reports.ts';
import { renderMatrixHtml, renderMatrixJson, renderMatrixMarkdown } from '../reporters/render-matrix.ts';
import type { ComplianceReport } from '../reporters/report-model.ts';
import { reportProblems } from '../reporters/validate-report.ts';
import { parseOptions, UsageError, type Command } from './command.ts';

const USAGE = `Usage: ssc report merge [<compliance.json> ...] [--expect PROFILE ...] [--out DIR]
       ssc matrix [<compliance.json> ...] [--expect PROFILE ...] [--out DIR]     (the same)
       ssc report compare <baseline.json> <current.json>

Merges compliance reports (reports/compliance.json from runs against different targets or profiles) into one
claims × targets matrix, written as compliance-matrix.json, compliance-matrix.md and compliance-matrix.html.

  --expect PROFILE   add a column of what a profile promises, without a run: a bundled name (agentcore, emulator,
                     local-container) or a YAML path; may be repeated
  --out DIR          where to write the matrix (default: reports/merged)

'compare' lists the claims that held in the baseline run (e.g. last night's) and now fail or xpass, and exits 1 when
there are any; claims that held and are now not run or skipped are listed as lost coverage (exit 0).`;

export const MATRIX_FILES = ['compliance-matrix.json', 'compliance-matrix.md', 'compliance-matrix.html'] as const;

/** A report file that cannot be merged: exit 1 with the file named. */
export class ReportInputError extends Error {
  override readonly name = 'ReportInputError';
}

export async function readReport(file: string): Promise<ComplianceReport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ReportInputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ReportInputError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  const problems = reportProblems(value);
  if (problems.length > 0) {
    throw new ReportInputError(`${file} is not a compliance report: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (+${problems.length - 5} more)` : ''}`);
  }
  return value as ComplianceReport;
}

/** The --expect profiles, loaded and validated like a run's (a bad one exits 1 with the file and the key). */
async function expectationColumns(names: readonly string[]): Promise<ExpectationColumns> {
  const { claimIds, loadClaims } = await import('../spec/claims.ts');
  const { loadProfile } = await import('../spec/profile.ts');
  const { profilePath } = await import('../spec/profile-selection.ts');
  const { suiteInfo } = await import('../reporters/run-info.ts');
  const profiles = names.map((name) => {
    const file = profilePath({ SSC_PROFILE: name }, '', process.cwd());
    let loaded;
    try {
      loaded = loadProfile(file, { claimIds: claimIds() });
    } catch (e) {
      throw new ReportInputError((e as Error).message);
    }
    return { source: file, profile: loaded.profile, info: { name: loaded.profile.profile, file: relative(process.cwd(), loaded.file), sha256: loaded.sha256 } };
  });
  return { profiles, claims: loadClaims(), suite: suiteInfo() };
}

export const reportCommand: Command = {
  usage: USAGE,
  async run(argv) {
    const parsed = parseOptions(argv, { out: { type: 'string' }, expect: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } }, true);
    const { values, positionals } = parsed;
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const [sub, ...files] = positionals;
    if (sub === 'compare') {
      if (files.length !== 2) throw new UsageError('compare needs exactly two files: <baseline.json> <current.json>');
      const comparison = compareReports(await readReport(files[0]!), await readReport(files[1]!));
      process.stdout.write(renderComparison(comparison));
      return comparison.regressions.length > 0 ? 1 : 0;
    }
    if (sub !== 'merge') throw new UsageError(sub === undefined ? 'missing subcommand: merge or compare' : `unknown subcommand '${sub}' (valid: merge, compare)`);
    const expect = values.expect ?? [];
    if (files.length + expect.length === 0) throw new UsageError('merge needs at least one compliance.json file or --expect profile');
    if (values.out !== undefined && values.out.trim() === '') throw new UsageError('Expected --out to be a directory, got an empty string');

    const inputs = [];
    for (const file of files) inputs.push({ source: file, report: await readReport(file) });
    const matrix = mergeReports(inputs, new Date(), await expectationColumns(expect));
    const out = resolve(values.out ?? join('reports', 'merged'));
    await mkdir(out, { recursive: true });
    const [jsonName, mdName, htmlName] = MATRIX_FILES;
    await writeFile(join(out, jsonName), renderMatrixJson(matrix));
    await writeFile(join(out, mdName), renderMatrixMarkdown(matrix));
    await writeFile(join(out, htmlName), renderMatrixHtml(matrix));
    process.stdout.write(`Merged ${inputs.length} report(s), ${matrix.claims.length} claims × ${matrix.columns.length} column(s): ${MATRIX_FILES.map((f) => join(out, f)).join(', ')}\n`);
    return 0;
  },
};

/** `ssc matrix ...`: `ssc report merge ...` under the name the matrix goes by. */
export const matrixCommand: Command = {
  usage: USAGE,
  run: (argv) => reportCommand.run(argv.includes('--help') || argv.includes('-h') ? argv : ['merge', ...argv]),
};

// `ssc report merge <a.json> <b.json> ... [--out DIR]`: merges compliance.json files from several runs (targets,
// profiles) into one matrix: compliance-matrix.{json,md,html}. Bad input says which file and why: usage errors exit 2,
// unreadable, invalid or wrong-version reports exit 1.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { compareReports, renderComparison } from '../reporters/compare-reports.ts';
import { mergeReports } from '../reporters/merge-reports.ts';
import { renderMatrixHtml, renderMatrixJson, renderMatrixMarkdown } from '../reporters/render-matrix.ts';
import type { ComplianceReport } from '../reporters/report-model.ts';
import { reportProblems } from '../reporters/validate-report.ts';
import { parseOptions, UsageError, type Command } from './command.ts';

const USAGE = `Usage: ssc report merge <compliance.json> [<compliance.json> ...] [--out DIR]
       ssc report compare <baseline.json> <current.json>

Merges compliance reports (reports/compliance.json from runs against different targets or profiles) into one
claims × targets matrix, written as compliance-matrix.json, compliance-matrix.md and compliance-matrix.html.

  --out DIR   where to write the matrix (default: reports/merged)

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

export const reportCommand: Command = {
  usage: USAGE,
  async run(argv) {
    const parsed = parseOptions(argv, { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, true);
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
    if (files.length === 0) throw new UsageError('merge needs at least one compliance.json file');
    if (values.out !== undefined && values.out.trim() === '') throw new UsageError('Expected --out to be a directory, got an empty string');

    const inputs = [];
    for (const file of files) inputs.push({ source: file, report: await readReport(file) });
    const matrix = mergeReports(inputs, new Date());
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

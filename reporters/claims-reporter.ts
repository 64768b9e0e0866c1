// vitest reporter: turns the claim ids and observations that tests put in `task.meta` (spec/claim-meta.ts) into
// reports/compliance.{json,md} and prints a per-claim summary. Tests without claims are ignored; a run in which no
// test carries claims (e.g. only the project's own unit tests) writes and prints nothing.
//
// Register in vitest.config.ts (root `test`, not per project): reporters: ['default', './reporters/claims-reporter.ts']

import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Reporter, TestCase, TestModule, TestRunEndReason, Vitest } from 'vitest/node';
import { loadClaims, DEFAULT_CLAIMS_PATH } from '../spec/claims.ts';
import type { ClaimMeta, Observation } from '../spec/claim-meta.ts';
import { buildComplianceReport, type TestRecord } from './build-report.ts';
import { renderConsoleSummary } from './render-console.ts';
import { renderJson } from './render-json.ts';
import { renderMarkdown } from './render-markdown.ts';
import type { ComplianceReport } from './report-model.ts';
import { targetFromEnv } from './target-info.ts';

export interface ClaimsReporterOptions {
  /** Where to write compliance.{json,md}. Default: `SSC_REPORT_DIR`, else `<vitest root>/reports`. */
  reportDir?: string;
  /** Default: spec/claims.yaml. */
  claimsFile?: string;
  /** Default: `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Default: `() => new Date()`. */
  now?: () => Date;
}

export const REPORT_JSON = 'compliance.json';
export const REPORT_MARKDOWN = 'compliance.md';

function isObservationValue(value: unknown): value is Observation['value'] {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function errorText(errors: ReadonlyArray<{ message?: string; name?: string }>): string | undefined {
  const first = errors[0];
  if (first === undefined) return undefined;
  const message = first.message ?? first.name ?? 'unknown error';
  return errors.length > 1 ? `${message} (+${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : message;
}

/** Reads one vitest test case into the builder's plain record. */
export function toTestRecord(test: TestCase): TestRecord {
  // Cast: works whether or not spec/claim-meta.ts's `TaskMeta` augmentation is in effect; values are checked below.
  const meta = test.meta() as ClaimMeta;
  const claims = Array.isArray(meta.claims) ? meta.claims.map(String) : [];
  const observations: Observation[] = Array.isArray(meta.observations)
    ? meta.observations.map((o: Partial<Observation> | undefined) => ({
      name: String(o?.name),
      value: isObservationValue(o?.value) ? o.value : JSON.stringify(o?.value) ?? null,
    }))
    : [];
  const result = test.result();
  const diagnostic = test.diagnostic();
  const error = result.state === 'failed' ? errorText(result.errors) : undefined;
  return {
    name: test.fullName,
    file: test.module.relativeModuleId.replace(/\\/g, '/'),
    state: result.state,
    durationMs: diagnostic === undefined || result.state === 'skipped' ? null : Math.round(diagnostic.duration),
    claims,
    observations,
    ...(error !== undefined ? { error } : {}),
  };
}

export default class ClaimsReporter implements Reporter {
  private vitest: Vitest | undefined;
  private startedAt: Date;
  private readonly env: Readonly<Record<string, string | undefined>>;
  private readonly now: () => Date;
  /** The last report written, for callers that run vitest programmatically. */
  lastReport: ComplianceReport | undefined;

  constructor(private readonly options: ClaimsReporterOptions = {}) {
    this.env = options.env ?? process.env;
    this.now = options.now ?? (() => new Date());
    this.startedAt = this.now();
  }

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
    this.startedAt = this.now();
  }

  onTestRunStart(): void {
    this.startedAt = this.now();
  }

  async onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<unknown>,
    _reason: TestRunEndReason,
  ): Promise<void> {
    const tests: TestRecord[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const record = toTestRecord(test);
        if (record.claims.length > 0) tests.push(record);
      }
    }
    if (tests.length === 0) return;

    const model = buildComplianceReport({
      tests,
      claims: loadClaims(this.options.claimsFile ?? DEFAULT_CLAIMS_PATH),
      target: targetFromEnv(this.env),
      startedAt: this.startedAt,
      finishedAt: this.now(),
      runId: this.env['SSC_RUN_ID'] || randomUUID(),
      unhandledErrors: unhandledErrors.length,
    });
    this.lastReport = model;

    const dir = resolve(this.options.reportDir ?? (this.env['SSC_REPORT_DIR'] || join(this.vitest?.config.root ?? process.cwd(), 'reports')));
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, REPORT_JSON), renderJson(model));
    await writeFile(join(dir, REPORT_MARKDOWN), renderMarkdown(model));

    const text = `\n${renderConsoleSummary(model)}Reports: ${join(dir, REPORT_JSON)}, ${join(dir, REPORT_MARKDOWN)}\n`;
    if (this.vitest !== undefined) this.vitest.logger.log(text);
    else process.stdout.write(text);
  }
}

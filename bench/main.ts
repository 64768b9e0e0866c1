// `npm run bench`: the session filesystem against plain disk and against the plain-storage emulator, as ratios of
// interleaved rounds. Progress on stderr, the table on stdout, figures as JSON with --json. Not part of the tests.
import './quiet-warnings.ts';
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { parseArgs, UsageError, USAGE } from './args.ts';
import { renderReport, reportJson, type RunInfo } from './report.ts';
import { Bench } from './runner.ts';

const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`bench: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const bench = new Bench({
    rounds: args.rounds,
    groups: args.groups,
    progress,
    ...(args.resumeSizes ? { resumeSizes: args.resumeSizes } : {}),
    ...(args.verbose ? { log: (m: string) => process.stderr.write(`[emulator] ${m}\n`) } : {}),
  });
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    progress('interrupted: stopping sessions and emulators (again to quit at once)');
    void bench.close().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const startedAt = new Date();
  const t0 = performance.now();
  const loadAverage = loadavg();
  try {
    const figures = await bench.run();
    const info: RunInfo = {
      startedAt: startedAt.toISOString(),
      durationMs: Math.round(performance.now() - t0),
      rounds: args.rounds,
      node: process.version,
      cpus: cpus().length,
      loadAverage,
    };
    process.stdout.write(`\n${renderReport(figures, info)}\n`);
    if (args.json) {
      await writeFile(args.json, `${JSON.stringify(reportJson(figures, info), null, 2)}\n`);
      progress(`figures written to ${args.json}`);
    }
    return 0;
  } finally {
    await bench.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    // Preflight failures (not root, no bwrap, no /dev/fuse) and failed workloads: their message, no stack trace.
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`bench: ${message}\n`);
    process.exit(1);
  },
);

// `ssc <command> [options]`: dispatches to one module per command. Usage errors print a specific message and the
// usage, and exit 2; failures exit 1.
import { UsageError, type Command } from './command.ts';

/**
 * Each command is loaded only when it runs: `ssc emulator` (the conformance run's embedded emulator, every test that
 * starts one) then does not pay for the AWS SDK the other commands import (~0.4 s of every start).
 */
const COMMANDS: readonly { name: string; summary: string; load(): Promise<Command> }[] = [
  {
    name: 'emulator',
    summary: 'run the AgentCore session-storage emulator on a local port',
    load: async () => (await import('./emulator-command.ts')).emulatorCommand,
  },
  {
    name: 'report',
    summary: 'merge compliance reports into one matrix (report merge a.json b.json), or compare two runs (report compare old.json new.json)',
    load: async () => (await import('./report-command.ts')).reportCommand,
  },
  {
    name: 'matrix',
    summary: 'claims × targets from compliance reports, with columns of what profiles promise (matrix a.json b.json --expect agentcore)',
    load: async () => (await import('./report-command.ts')).matrixCommand,
  },
  {
    name: 'sweep',
    summary: 'remove runtimes and sessions earlier runs left behind, by run-id prefix (dry run unless --yes)',
    load: async () => (await import('./sweep-command.ts')).sweepCommand,
  },
  {
    name: 'canary',
    summary: 'plant files with known digests and check them in later runs (the 14-day idle expiry on AgentCore)',
    load: async () => (await import('./canary-command.ts')).canaryCommand,
  },
];

export function usage(): string {
  return [
    'Usage: ssc <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(12)} ${c.summary}`),
    '',
    "Run 'ssc <command> --help' for a command's options.",
  ].join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name === undefined ? 2 : 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    process.stderr.write(`ssc: unknown command '${name}'. Valid commands: ${COMMANDS.map((c) => c.name).join(', ')}\n\n${usage()}\n`);
    return 2;
  }
  const command = await entry.load();
  try {
    return await command.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`ssc ${name}: ${e.message}\n\n${command.usage}\n`);
      return 2;
    }
    process.stderr.write(`ssc ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

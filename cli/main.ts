// `ssc <command> [options]`: dispatches to one module per command. Usage errors print a specific message and the
// usage, and exit 2; failures exit 1.
import { canaryCommand } from './canary-command.ts';
import { emulatorCommand } from './emulator-command.ts';
import { reportCommand } from './report-command.ts';
import { sweepCommand } from './sweep-command.ts';
import { UsageError, type Command } from './command.ts';

const COMMANDS: readonly Command[] = [emulatorCommand, reportCommand, sweepCommand, canaryCommand];

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
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`ssc: unknown command '${name}'. Valid commands: ${COMMANDS.map((c) => c.name).join(', ')}\n\n${usage()}\n`);
    return 2;
  }
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

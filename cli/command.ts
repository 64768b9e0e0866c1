import { parseArgs, type ParseArgsConfig } from 'node:util';

/** One `ssc` command; its name and summary are in main.ts's table, which loads it only when it runs. */
export interface Command {
  readonly usage: string;
  run(argv: readonly string[]): Promise<number>;
}

/** Bad flags or values: reported with the command's usage and exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** node:util parseArgs in strict mode, its errors turned into UsageErrors (shown with the command's usage). */
export function parseOptions<O extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: [...argv], strict: true, allowPositionals, options });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(argv: readonly string[]): Promise<number>;
}

/** Bad flags or values: reported with the command's usage and exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

// clientToken semantics: the SDK fills a token into every mutating call and re-sends it on retries, so a replay with
// the same token and the same parameters must return the first result instead of failing (e.g. on the name
// uniqueness check) or creating a second version. The same token with different parameters is refused.
import { AwsError } from '../aws/errors.ts';

export class IdempotencyLedger<T> {
  readonly #entries = new Map<string, { fingerprint: string; result: T }>();

  /** The earlier result for a replay, undefined for a first use; throws when the token was used for other input. */
  replay(scope: string, token: string | undefined, input: unknown): T | undefined {
    if (token === undefined) return undefined;
    const entry = this.#entries.get(`${scope}\u0000${token}`);
    if (!entry) return undefined;
    if (entry.fingerprint !== fingerprint(input))
      throw new AwsError('ValidationException', `The clientToken '${token}' was already used with different parameters.`, {
        reason: 'IdempotentParameterMismatchException',
        fieldList: [{ name: 'clientToken', message: 'clientToken reused with different parameters' }],
      });
    return entry.result;
  }

  record(scope: string, token: string | undefined, input: unknown, result: T): void {
    if (token !== undefined) this.#entries.set(`${scope}\u0000${token}`, { fingerprint: fingerprint(input), result });
  }

  /** Drops every entry of a scope, e.g. when its runtime is deleted. */
  forgetScope(scope: string): void {
    for (const key of this.#entries.keys()) if (key.startsWith(`${scope}\u0000`)) this.#entries.delete(key);
  }
}

/** JSON with sorted keys, so member order in the request does not matter. */
function fingerprint(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

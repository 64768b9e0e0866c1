// Injected failures for testing clients of the emulator (retries, cleanup under errors): `POST /_ssc/faults` arms
// "the next N calls of operation X fail with error E", answered in the real AWS shape (status, x-amzn-errortype,
// JSON body) before the operation runs, so nothing happens server-side. Pure bookkeeping, no I/O.
import { AwsError, type AwsErrorName } from '../aws/errors.ts';
import type { Operation } from './types.ts';

/** Errors an operation can be made to fail with: the service-side failures the API documents. */
export const INJECTABLE_ERRORS = [
  'ThrottlingException',
  'RetryableConflictException',
  'ServiceQuotaExceededException',
  'InternalServerException',
  'AccessDeniedException',
  'ConflictException',
] as const satisfies readonly AwsErrorName[];
export type InjectableError = (typeof INJECTABLE_ERRORS)[number];

/** Messages in the service's wording where it is known; the SDK only reads the error type. */
const MESSAGES: Record<InjectableError, string> = {
  ThrottlingException: 'Rate exceeded',
  RetryableConflictException: 'The session is spinning up or down; retry the request.',
  ServiceQuotaExceededException: 'Service quota exceeded (injected by the emulator).',
  InternalServerException: 'Internal server error (injected by the emulator).',
  AccessDeniedException: 'Access denied (injected by the emulator).',
  ConflictException: 'Conflict (injected by the emulator).',
};

export interface ArmedFault {
  readonly operation: string;
  readonly error: InjectableError;
  remaining: number;
}

export class FaultInjector {
  readonly #armed = new Map<string, ArmedFault[]>();
  /** How many injected failures were answered, per operation (read by tests through GET /_ssc/faults). */
  readonly #fired = new Map<string, number>();

  constructor(readonly operations: ReadonlySet<string>) {}

  /** Queues `count` failures of `operation` (count 0 clears that operation's queue). */
  arm(operation: string, error: InjectableError, count: number): void {
    if (count === 0) {
      this.#armed.delete(operation);
      return;
    }
    const queue = this.#armed.get(operation) ?? [];
    queue.push({ operation, error, remaining: count });
    this.#armed.set(operation, queue);
  }

  /** The error the next call of `operation` must fail with, consuming one armed failure; undefined to proceed. */
  take(operation: string): AwsError | undefined {
    const queue = this.#armed.get(operation);
    const head = queue?.[0];
    if (!queue || !head) return undefined;
    head.remaining--;
    if (head.remaining <= 0) queue.shift();
    if (queue.length === 0) this.#armed.delete(operation);
    this.#fired.set(operation, (this.#fired.get(operation) ?? 0) + 1);
    return new AwsError(head.error, MESSAGES[head.error]);
  }

  state(): { armed: { operation: string; error: string; remaining: number }[]; fired: Record<string, number> } {
    return {
      armed: [...this.#armed.values()].flat().map((f) => ({ operation: f.operation, error: f.error, remaining: f.remaining })),
      fired: Object.fromEntries(this.#fired),
    };
  }

  /** `operation`, failing first when a fault is armed for it. */
  wrap<Ctx>(operation: Operation<Ctx>): Operation<Ctx> {
    return {
      ...operation,
      handle: (req, ctx) => {
        const fault = this.take(operation.name);
        if (fault) throw fault;
        return operation.handle(req, ctx);
      },
    };
  }
}

// Pure: what a test (and a run) cost on the target. Recorded per test in `task.meta.usage`, summed for the run.
//   apiCalls        SDK operations sent (one per `client.send`), by operation name;
//   attempts        HTTP requests, retries included (attempts - calls = retries);
//   throttled       attempts answered with throttling or a retryable conflict;
//   sessionSeconds  wall time sessions were live (first command → stop), summed over sessions;
//   bytesWritten    bytes stored under the mount of the test's sessions when it ended (du), summed.

export interface Usage {
  apiCalls: number;
  attempts: number;
  throttled: number;
  sessionSeconds: number;
  bytesWritten: number;
  /** apiCalls by operation name (e.g. `InvokeAgentRuntimeCommand`). */
  byOperation: Record<string, number>;
}

export const emptyUsage = (): Usage => ({ apiCalls: 0, attempts: 0, throttled: 0, sessionSeconds: 0, bytesWritten: 0, byOperation: {} });

const round3 = (n: number) => Math.round(n * 1000) / 1000;

export function addUsage(a: Usage, b: Usage): Usage {
  const byOperation = { ...a.byOperation };
  for (const [op, n] of Object.entries(b.byOperation)) byOperation[op] = (byOperation[op] ?? 0) + n;
  return {
    apiCalls: a.apiCalls + b.apiCalls,
    attempts: a.attempts + b.attempts,
    throttled: a.throttled + b.throttled,
    sessionSeconds: round3(a.sessionSeconds + b.sessionSeconds),
    bytesWritten: a.bytesWritten + b.bytesWritten,
    byOperation,
  };
}

/** `later - earlier` of two readings of the same counters (operations with no new calls are left out). */
export function usageSince(later: Usage, earlier: Usage): Usage {
  const byOperation: Record<string, number> = {};
  for (const [op, n] of Object.entries(later.byOperation)) {
    const d = n - (earlier.byOperation[op] ?? 0);
    if (d > 0) byOperation[op] = d;
  }
  return {
    apiCalls: later.apiCalls - earlier.apiCalls,
    attempts: later.attempts - earlier.attempts,
    throttled: later.throttled - earlier.throttled,
    sessionSeconds: round3(later.sessionSeconds - earlier.sessionSeconds),
    bytesWritten: later.bytesWritten - earlier.bytesWritten,
    byOperation,
  };
}

export const sumUsage = (all: readonly Usage[]): Usage => all.reduce(addUsage, emptyUsage());

/** A usage read back from JSON (task meta, an env variable): every field checked, anything malformed is undefined. */
export function readUsage(value: unknown): Usage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const num = (k: string) => (typeof v[k] === 'number' && Number.isFinite(v[k]) && (v[k] as number) >= 0 ? (v[k] as number) : undefined);
  const fields = ['apiCalls', 'attempts', 'throttled', 'sessionSeconds', 'bytesWritten'].map(num);
  if (fields.some((f) => f === undefined)) return undefined;
  const ops = v['byOperation'];
  if (typeof ops !== 'object' || ops === null) return undefined;
  const byOperation: Record<string, number> = {};
  for (const [op, n] of Object.entries(ops)) if (typeof n === 'number' && n >= 0) byOperation[op] = n;
  const [apiCalls, attempts, throttled, sessionSeconds, bytesWritten] = fields as number[];
  return { apiCalls: apiCalls!, attempts: attempts!, throttled: throttled!, sessionSeconds: sessionSeconds!, bytesWritten: bytesWritten!, byOperation };
}

/** Mutable counters one process keeps (the SDK middleware and the session fixtures add to them). */
export class UsageMeter {
  #usage = emptyUsage();
  call(operation: string): void {
    this.#usage.apiCalls++;
    this.#usage.byOperation[operation] = (this.#usage.byOperation[operation] ?? 0) + 1;
  }
  attempt(): void {
    this.#usage.attempts++;
  }
  throttle(): void {
    this.#usage.throttled++;
  }
  sessionTime(ms: number): void {
    this.#usage.sessionSeconds = round3(this.#usage.sessionSeconds + ms / 1000);
  }
  bytes(n: number): void {
    this.#usage.bytesWritten += n;
  }
  /** A copy of the counters now. */
  read(): Usage {
    return { ...this.#usage, byOperation: { ...this.#usage.byOperation } };
  }
}

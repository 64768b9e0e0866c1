// The contract between the suites and the reporters: each conformance test records the claim ids it checks, and
// anything it observed, in vitest's task meta (JSON-serialisable by design, so it crosses the worker boundary).

export interface Observation {
  /** What was measured, e.g. `errno` or `exitCode`. */
  name: string;
  value: string | number | boolean | null;
}

export interface ClaimMeta {
  /** Claim ids from spec/claims.yaml, e.g. `life/persist-stop-resume`. */
  claims?: string[];
  observations?: Observation[];
}

import type {} from 'vitest';

declare module 'vitest' {
  interface TaskMeta extends ClaimMeta {}
}

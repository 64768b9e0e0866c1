import type { TestRecord } from '../../../reporters/build-report.ts';
import type { Claim } from '../../../spec/claims.ts';

export const CLAIMS: readonly Claim[] = [
  { id: 'life/first-empty', area: 'life', text: 'The first invocation MUST see an empty mount.', level: 'MUST', source: { document: 'blog', quote: 'q' } },
  { id: 'cfg/get-echoes', area: 'cfg', text: 'GetAgentRuntime MUST echo it.', level: 'MUST', source: { document: 'api', quote: 'q' } },
  { id: 'life/idle-expiry-14d', area: 'life', text: 'Data MUST be cleared after 14 days.', level: 'MUST', source: { document: 'blog', quote: 'q' } },
  { id: 'ops/locks-within-session', area: 'ops', text: 'The suite MAY observe locks.', level: 'OBSERVE', source: { document: 'api', quote: 'q' } },
];

export function record(overrides: Partial<TestRecord> & Pick<TestRecord, 'name' | 'claims'>): TestRecord {
  return { file: 'suites/lifecycle.test.ts', state: 'passed', durationMs: 12, observations: [], ...overrides };
}

export const TARGET = { name: 'emulator', region: 'us-east-1', runtimeArn: null } as const;
export const STARTED = new Date('2026-04-01T10:00:00.000Z');
export const FINISHED = new Date('2026-04-01T10:00:05.250Z');

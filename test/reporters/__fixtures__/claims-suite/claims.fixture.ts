// Fixture tests for test/reporters/claims-reporter.e2e.test.ts: one per claim status, plus an unknown id.
import { describe, expect, test } from 'vitest';
import '../../../../spec/claim-meta.ts';
import { loadProfile, PROFILES_DIR } from '../../../../spec/profile.ts';
import { unsupportedRecorder } from '../../../../fixtures/statuses.ts';

const agentcore = loadProfile(`${PROFILES_DIR}agentcore.yaml`).profile;

test('first command sees an empty mount', { meta: { claims: ['life/first-empty'] } }, ({ task }) => {
  task.meta.observations = [{ name: 'entries', value: 0 }, { name: 'nameMax', value: 254, expected: 255 }];
  expect([]).toHaveLength(0);
});

describe('config', () => {
  test('GetAgentRuntime echoes filesystemConfigurations', { meta: { claims: ['cfg/get-echoes'] } }, () => {
    expect('/mnt/data').toBe('/mnt/workspace');
  });
});

test.skip('data is cleared after 14 idle days', { meta: { claims: ['life/idle-expiry-14d'], notVerifiable: 'needs 14 days; use the canary mode' } }, () => {});

test('sessions are isolated', ({ task, skip }) => {
  task.meta.claims = ['life/isolation'];
  skip('needs a second runtime');
});

test('names a misspelt claim', { meta: { claims: ['life/first-empty', 'life/frist-empty'] } }, () => {});

let attempts = 0;
test('passes on the second attempt', { retry: 2, meta: { claims: ['life/flush-on-stop'] } }, () => {
  attempts++;
  expect(attempts).toBeGreaterThan(1);
});

test('a known failure', { fails: true, meta: { claims: ['cfg/version-bump'], expectedFailure: 'https://example.com/issue/1' } }, () => {
  expect(1).toBe(2);
});

test('a known failure that now passes', { fails: true, meta: { claims: ['cfg/disable-empty-array'], expectedFailure: 'https://example.com/issue/2' } }, () => {
  expect(1).toBe(1);
});

test('link(2) is refused', { meta: { claims: ['ops/hard-link-refused'] } }, ({ task }) => {
  unsupportedRecorder(task.meta, agentcore)('hardLink', -524);
});

test('carries no claims', () => {
  expect(1).toBe(1);
});

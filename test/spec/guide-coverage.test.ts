// Every statement of the Developer Guide (shared/reference/agentcore-devguide.md, ids L1–L9, S1–S5, C1–C6, N1–N2,
// Q1–Q5) is either a claim that quotes it or is listed here with the reason it is not one. A statement added to the
// reference without a row here fails, and so does a row naming a claim that does not cite the guide.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { loadClaims } from '../../spec/claims.ts';
import { GUIDE_FILE, GUIDE_URL, haveSources } from './__test-helpers__/sources.ts';

type Coverage =
  /** Claims citing the guide for this statement (source or alsoSources). */
  | { claims: readonly string[] }
  | { none: string };

const COVERAGE: Record<string, Coverage> = {
  L1: { claims: ['life/first-empty'] },
  L2: { none: 'when replication happens is internal to the target; what it guarantees is observable only through a stop (L3, L5)' },
  L3: { claims: ['life/flush-on-stop'] },
  L4: { claims: ['life/persist-stop-resume', 'life/new-compute-on-resume'] },
  L5: { claims: ['life/resume-after-stop-complete'] },
  L6: { claims: ['life/mount-at-invocation'] },
  L7: { claims: ['life/idle-expiry-14d', 'life/version-update-wipes'] },
  L8: { claims: ['life/delete-runtime-wipes', 'life/delete-endpoint-wipes'] },
  L9: { claims: ['life/isolation'] },
  S1: { claims: ['ops/dev-tools'] },
  S2: { claims: ['ops/supported-basic', 'ops/symlinks', 'ops/chmod-chown'] },
  S3: { claims: ['ops/hard-link-refused', 'ops/special-files-refused', 'ops/xattr-unsupported', 'ops/fallocate-unsupported'] },
  S4: { claims: ['ops/locks-within-session', 'ops/locks-cross-session'] },
  S5: { claims: ['ops/permissions-not-enforced'] },
  C1: { claims: ['cfg/at-most-one-session-storage'] },
  C2: { claims: ['cfg/mount-path-pattern'] },
  C3: { claims: ['cfg/mount-paths-unique'] },
  C4: { claims: ['cfg/session-storage-with-byo'] },
  C5: { claims: ['cfg/no-session-storage-on-instances'] },
  C6: { claims: ['cfg/update-full-replacement'] },
  N1: { none: 'VPC networking to the service\'s own storage: nothing a session can observe (the emulator has no VPC mode)' },
  N2: { none: 'not a statement of the guide but an inference from it; its effect is the registry case of ops/dev-tools, skipped where the session has no network' },
  Q1: { claims: ['limits/storage-size', 'limits/metadata-entries', 'limits/directory-depth', 'limits/name-length', 'limits/symlink-target-length'] },
  Q2: { claims: ['api/command-constraints', 'api/session-id-length', 'api/command-output-chunk-size', 'api/command-response-limit'] },
  Q3: { none: 'request-rate quotas: a run stays below them on purpose (SSC_MAX_TPS), exceeding them would throttle the whole account' },
  Q4: { claims: ['api/session-lifetime'] },
  Q5: { claims: ['limits/session-hardware'] },
};

describe.skipIf(!haveSources)('Developer Guide coverage', () => {
  // A skipped describe still runs its body to collect its tests: read the guide only where it is.
  const statementIds = [...(haveSources ? readFileSync(GUIDE_FILE, 'utf8') : '').matchAll(/^\| ([A-Z]\d+) \|/gm)].map((m) => m[1]!);
  const claims = new Map(loadClaims().map((c) => [c.id, c]));

  test('the reference lists the statements this table expects, and every one has a row', () => {
    expect(statementIds.length).toBeGreaterThanOrEqual(27);
    expect(statementIds.filter((id) => !(id in COVERAGE))).toEqual([]);
    expect(Object.keys(COVERAGE).filter((id) => !statementIds.includes(id))).toEqual([]);
  });

  test('each claim named for a statement exists and quotes the guide', () => {
    const problems = Object.entries(COVERAGE).flatMap(([statement, coverage]) => {
      const ids = 'claims' in coverage ? coverage.claims : [];
      return ids.flatMap((id) => {
        const claim = claims.get(id);
        if (!claim) return [`${statement}: no claim ${id}`];
        const citesGuide = [claim.source, ...(claim.alsoSources ?? [])].some((s) => s.document.startsWith(GUIDE_URL));
        return citesGuide ? [] : [`${statement}: ${id} does not cite the Developer Guide`];
      });
    });
    expect(problems).toEqual([]);
  });
});

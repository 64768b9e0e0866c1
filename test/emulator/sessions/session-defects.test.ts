// Each deviation the session lifecycle carries out turns into exactly the change of the defects record its name says,
// and nothing else; a normal run's record is the guide's lifecycle. The meta-test (test/meta) shows that each then
// breaks its claim end to end; this pins down which step of the lifecycle it reaches.
import { describe, expect, it } from 'vitest';
import { parseDeviations, type Deviation } from '../../../emulator/deviations.ts';
import { NO_SESSION_DEFECTS, sessionDefects, type SessionDefects } from '../../../emulator/sessions/session-defects.ts';

const restoreNone = { dropDotfiles: false, truncateFilesOver: undefined, symlinksResolved: false, modesLost: false };

const CASES: ReadonlyArray<[Deviation, Partial<SessionDefects>]> = [
  ['no-persist-on-stop', { stopPersists: 'nothing' }],
  ['drop-recent-writes-on-stop', { stopPersists: 'replicated', replicationLagMs: 2000 }],
  ['keep-compute-on-stop', { stopKeepsCompute: true }],
  ['no-wipe-on-update', { updateKeepsData: true }],
  ['endpoint-delete-keeps-storage', { endpointDeleteKeepsData: true }],
  ['writable-mnt-when-disabled', { mntWritableWhenDisabled: true }],
  ['shared-storage', { sharedStorage: true }],
  ['stale-first-mount', { firstMountLeftover: true }],
  ['outside-mount-survives-resume', { outsideMountSurvives: true }],
  ['session-ids-truncated', { idKeptChars: 64 }],
  ['session-ids-case-folded', { idCaseFolded: true }],
  ['drop-dotfiles-on-resume', { restore: { ...restoreNone, dropDotfiles: true } }],
  ['truncate-large-files-on-resume', { restore: { ...restoreNone, truncateFilesOver: 1024 * 1024 } }],
  ['symlinks-resolved-on-restore', { restore: { ...restoreNone, symlinksResolved: true } }],
  ['modes-lost-on-restore', { restore: { ...restoreNone, modesLost: true } }],
];

describe('sessionDefects', () => {
  it('a normal run has none: Stop persists everything at once, ids are exact, every reset wipes', () => {
    expect(NO_SESSION_DEFECTS).toEqual({
      idKeptChars: undefined,
      idCaseFolded: false,
      updateKeepsData: false,
      endpointDeleteKeepsData: false,
      stopKeepsCompute: false,
      stopPersists: 'everything',
      replicationLagMs: 0,
      sharedStorage: false,
      firstMountLeftover: false,
      restore: undefined,
      outsideMountSurvives: false,
      mntWritableWhenDisabled: false,
    });
  });

  it.each(CASES)('%s changes only its own step', (name, change) => {
    expect(sessionDefects(parseDeviations([name]))).toEqual({ ...NO_SESSION_DEFECTS, ...change });
  });

  it('deviations the sessions do not carry out leave the record alone', () => {
    for (const name of ['hard-links-allowed', 'depth-limit-off-by-one', 'lenient-session-id', 'output-in-large-chunks'] as const)
      expect(sessionDefects(parseDeviations([name]))).toEqual(NO_SESSION_DEFECTS);
  });

  it('no persistence wins over a lagging one', () => {
    expect(sessionDefects(parseDeviations(['drop-recent-writes-on-stop', 'no-persist-on-stop'])).stopPersists).toBe('nothing');
  });
});

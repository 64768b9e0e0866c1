// The session lifecycle's share of the deliberate defects (deviations.ts), derived once from their names into what
// each step of the lifecycle does instead, so the lifecycle asks "what does Stop persist?" rather than which defect
// is on. Pure. A normal run has none: NO_SESSION_DEFECTS is the guide's lifecycle.
import type { Deviation } from '../deviations.ts';
import type { Persist } from './storage.ts';

/** What a resume does to the stored tree before the session sees it (restore-defects.ts applies it). */
export interface RestoreDefects {
  readonly dropDotfiles: boolean;
  /** Files over this many bytes are cut to it; none: sizes kept. */
  readonly truncateFilesOver: number | undefined;
  readonly symlinksResolved: boolean;
  readonly modesLost: boolean;
}

export interface SessionDefects {
  /** How much of a session id tells sessions apart (the guide: all of it, case included). */
  readonly idKeptChars: number | undefined;
  readonly idCaseFolded: boolean;
  /** Stored data a version update or an endpoint's deletion should wipe is kept. */
  readonly updateKeepsData: boolean;
  readonly endpointDeleteKeepsData: boolean;
  /** Stop persists the storage but the compute (processes, /tmp, $HOME) lives on. */
  readonly stopKeepsCompute: boolean;
  /** What Stop keeps of what the session wrote (the guide: everything). */
  readonly stopPersists: Persist;
  /** How long a write waits before it is replicated: with `stopPersists: 'replicated'`, the tail Stop loses. */
  readonly replicationLagMs: number;
  /** Every session of a runtime gets the runtime's one directory, never persisted. */
  readonly sharedStorage: boolean;
  /** A session's first mount has a file in it already. */
  readonly firstMountLeftover: boolean;
  /** None: the stored tree comes back as stored, so it can be served in place. */
  readonly restore: RestoreDefects | undefined;
  /** /tmp and $HOME are kept for the session's next compute. */
  readonly outsideMountSurvives: boolean;
  /** With session storage disabled, /mnt belongs to the session's root. */
  readonly mntWritableWhenDisabled: boolean;
}

const MiB = 1024 * 1024;
const LAG_MS = 2000;

export function sessionDefects(deviations: ReadonlySet<Deviation>): SessionDefects {
  const on = (d: Deviation) => deviations.has(d);
  const restore: RestoreDefects = {
    dropDotfiles: on('drop-dotfiles-on-resume'),
    truncateFilesOver: on('truncate-large-files-on-resume') ? MiB : undefined,
    symlinksResolved: on('symlinks-resolved-on-restore'),
    modesLost: on('modes-lost-on-restore'),
  };
  const anyRestore = restore.dropDotfiles || restore.truncateFilesOver !== undefined || restore.symlinksResolved || restore.modesLost;
  return {
    idKeptChars: on('session-ids-truncated') ? 64 : undefined,
    idCaseFolded: on('session-ids-case-folded'),
    updateKeepsData: on('no-wipe-on-update'),
    endpointDeleteKeepsData: on('endpoint-delete-keeps-storage'),
    stopKeepsCompute: on('keep-compute-on-stop'),
    stopPersists: on('no-persist-on-stop') ? 'nothing' : on('drop-recent-writes-on-stop') ? 'replicated' : 'everything',
    replicationLagMs: on('drop-recent-writes-on-stop') ? LAG_MS : 0,
    sharedStorage: on('shared-storage'),
    firstMountLeftover: on('stale-first-mount'),
    restore: anyRestore ? restore : undefined,
    outsideMountSurvives: on('outside-mount-survives-resume'),
    mntWritableWhenDisabled: on('writable-mnt-when-disabled'),
  };
}

export const NO_SESSION_DEFECTS: SessionDefects = sessionDefects(new Set());

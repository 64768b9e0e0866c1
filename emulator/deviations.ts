// Named, deliberate defects the emulator can be started with, each modelling a plausible vendor bug. They exist
// so meta-tests can prove that the suites catch broken targets; a normal run has none.
export const DEVIATIONS = {
  'no-persist-on-stop': { breaks: 'life/persist-stop-resume', what: 'Stop discards the session storage instead of persisting it' },
  'drop-recent-writes-on-stop': {
    breaks: 'life/flush-on-stop',
    what: 'Stop persists only files last modified more than 2 s ago (no flush of the unreplicated tail)',
  },
  'keep-compute-on-stop': {
    breaks: 'life/new-compute-on-resume',
    what: 'Stop persists the storage but keeps the compute (processes, /tmp, $HOME) for the next call',
  },
  'no-wipe-on-update': { breaks: 'life/version-update-wipes', what: 'A runtime version update keeps stored session data' },
  'writable-mnt-when-disabled': {
    breaks: 'life/disabled-no-mount',
    what: 'With session storage disabled, /mnt is still writable',
  },
  'shared-storage': { breaks: 'life/isolation', what: 'All sessions of a runtime share one storage directory' },
  'stale-first-mount': { breaks: 'life/first-empty', what: 'A new session starts with a leftover file in its mount' },
  'lenient-session-id': { breaks: 'api/session-id-length', what: 'Session ids shorter than 33 characters are accepted' },
  'session-ids-truncated': {
    breaks: 'life/session-id-exact',
    what: 'Sessions are told apart by the first 64 characters of their id: longer ids that share them share one session',
  },
  'session-ids-case-folded': {
    breaks: 'life/session-id-exact',
    what: 'Session ids are compared without case: ids that differ only in case share one session',
  },
  'endpoint-delete-keeps-storage': {
    breaks: 'life/delete-endpoint-wipes',
    what: 'DeleteAgentRuntimeEndpoint keeps the session data used through the endpoint: one created again under its name finds it',
  },
  'drop-dotfiles-on-resume': { breaks: 'life/persist-stop-resume', what: 'Files and directories whose names start with . vanish on resume' },
  'truncate-large-files-on-resume': { breaks: 'life/persist-stop-resume', what: 'Files over 1 MiB are cut to 1 MiB on resume' },
  'symlinks-resolved-on-restore': {
    breaks: 'life/persist-stop-resume',
    what: 'Restore copies what a symlink points to instead of the link; dangling links vanish',
  },
  'modes-lost-on-restore': { breaks: 'life/persist-stop-resume', what: 'Restored files get mode 0644 and directories 0755' },
  'outside-mount-survives-resume': {
    breaks: 'life/ephemeral-outside-mount',
    what: '/tmp and $HOME carry over to the next compute (processes do not)',
  },
  'empty-array-keeps-storage': {
    breaks: 'cfg/disable-empty-array',
    what: 'An Update with filesystemConfigurations: [] keeps the previous filesystem configuration',
  },
  'hard-links-allowed': { breaks: 'ops/hard-link-refused', what: 'link(2) under the mount succeeds' },
  'xattr-silently-accepted': { breaks: 'ops/xattr-unsupported', what: 'setxattr(2) under the mount succeeds and stores nothing' },
  'fifos-allowed': { breaks: 'ops/special-files-refused', what: 'mkfifo(3) under the mount makes a FIFO' },
  'name-limit-off-by-one': {
    breaks: 'limits/name-length',
    what: 'A name of exactly the limit is refused (a limit one byte over would not show: the disk under the emulator refuses it)',
  },
  'symlink-target-limit-off-by-one': {
    breaks: 'limits/symlink-target-length',
    what: 'A symlink target of exactly the limit is refused',
  },
  'depth-limit-off-by-one': { breaks: 'limits/directory-depth', what: 'One directory level more than the limit is allowed' },
  'output-in-large-chunks': {
    breaks: 'api/command-output-chunk-size',
    what: 'Command output is held back and sent in contentDelta events of 256 KiB',
  },
} as const satisfies Record<string, { breaks: string; what: string }>;

export type Deviation = keyof typeof DEVIATIONS;

/** Parses a comma-separated list (CLI flag or env var); unknown names are an error that lists the valid ones. */
export function parseDeviations(spec: string | readonly string[] | undefined): ReadonlySet<Deviation> {
  const names = (typeof spec === 'string' ? spec.split(',') : (spec ?? [])).map((s) => s.trim()).filter(Boolean);
  const known = Object.keys(DEVIATIONS);
  for (const n of names)
    if (!known.includes(n)) throw new Error(`Unknown deviation '${n}'. Valid deviations: ${known.join(', ')}`);
  return new Set(names as Deviation[]);
}

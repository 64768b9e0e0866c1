// How a standalone emulator is asked to stop. The first SIGINT or SIGTERM stops it gracefully (every session stopped,
// flushed and unmounted); a second signal while that runs means "now": the user pressed Ctrl-C again and will not wait.
// The process that started it going away counts as a graceful request too, when watched: npm (npx, npm run) runs
// its command through `sh -c`, which does not pass SIGTERM on, so `kill <npx pid>` would otherwise leave the emulator
// running with no parent.

export type StopEvent = 'SIGINT' | 'SIGTERM' | 'parent-exit';

export interface StopRequest {
  mode: 'graceful' | 'immediate';
  event: StopEvent;
}

export interface StopState {
  /** A graceful stop is under way. */
  stopping: boolean;
  /** A signal (not the parent's exit) has asked already. */
  signalled: boolean;
}

/**
 * Pure: what an event asks for, and the state after it. Only a second *signal* means "now": a stop begun because the
 * parent exited is not cut short by the SIGTERM that parent may have sent on its way out.
 */
export function stopRequest(state: StopState, event: StopEvent): { request: StopRequest | undefined; state: StopState } {
  if (event === 'parent-exit') {
    return { request: state.stopping ? undefined : { mode: 'graceful', event }, state: { ...state, stopping: true } };
  }
  const mode = state.signalled ? 'immediate' : state.stopping ? undefined : 'graceful';
  return { request: mode && { mode, event }, state: { stopping: true, signalled: true } };
}

/** Pure: the exit code of an immediate stop, as a shell reports death by that signal (128 + its number). */
export const immediateExitCode = (event: StopEvent): number => (event === 'SIGINT' ? 130 : 143);

/** Pure: whether the parent is watched by default, from the environment npm gives the commands it runs. */
export const startedByNpm = (env: Readonly<Record<string, string | undefined>>): boolean => Boolean(env.npm_lifecycle_event);

const PARENT_POLL_MS = 200;

/**
 * Calls `onRequest` for every stop request from now on (SIGINT, SIGTERM, and the parent's exit when `watchParent`).
 * A parent that is already init (pid 1) is not watched: the process was detached on purpose. Returns the unsubscriber.
 */
export function watchStopRequests(onRequest: (request: StopRequest) => void, o: { watchParent: boolean }): () => void {
  let state: StopState = { stopping: false, signalled: false };
  const on = (event: StopEvent) => {
    const next = stopRequest(state, event);
    state = next.state;
    if (next.request) onRequest(next.request);
  };
  const onInt = () => on('SIGINT');
  const onTerm = () => on('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  const parent = process.ppid;
  // Node has no PR_SET_PDEATHSIG; a reparented process sees its ppid change, which is cheap to poll.
  const timer = o.watchParent && parent > 1 ? setInterval(() => process.ppid !== parent && on('parent-exit'), PARENT_POLL_MS) : undefined;
  timer?.unref();
  return () => {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    clearInterval(timer);
  };
}

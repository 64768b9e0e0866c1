import type { RuntimeResolver } from '../../../control/types.ts';
import type { Deviation } from '../../../deviations.ts';
import type { SessionManager } from '../../../sessions/session-manager.ts';

/** What data-plane operations may touch: runtimes only through the resolver, sessions through the manager. */
export interface DataContext {
  readonly runtimes: RuntimeResolver;
  readonly sessions: SessionManager;
  readonly deviations: ReadonlySet<Deviation>;
}

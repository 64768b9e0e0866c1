// What the server hands each family of operations, side by side. Operations reach the emulator's parts only
// through these: the control plane the registry, the data plane runtimes through the resolver and sessions through
// the manager, the emulator-only endpoints the clock and the fault injector. `deviations` are the deliberate defects
// (deviations.ts) an operation itself carries out.
import type { ControllableClock } from '../../clock.ts';
import type { RuntimeRegistry } from '../../control/registry.ts';
import type { RuntimeResolver } from '../../control/data-plane-view.ts';
import type { Deviation } from '../../deviations.ts';
import type { SessionManager } from '../../sessions/session-manager.ts';
import type { FaultInjector } from '../faults.ts';

export interface ControlContext {
  readonly runtimes: RuntimeRegistry;
  readonly deviations?: ReadonlySet<Deviation>;
}

export interface DataContext {
  readonly runtimes: RuntimeResolver;
  readonly sessions: SessionManager;
  readonly deviations: ReadonlySet<Deviation>;
}

export interface AdminContext {
  readonly clock: ControllableClock;
  readonly sessions: SessionManager;
  readonly faults: FaultInjector;
}

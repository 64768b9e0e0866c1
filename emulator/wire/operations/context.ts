// What control-plane operations receive from the server: the registry, and the deliberate defects (deviations.ts).
import type { Deviation } from '../../deviations.ts';
import type { RuntimeRegistry } from '../../control/registry.ts';

export interface ControlContext {
  readonly runtimes: RuntimeRegistry;
  readonly deviations?: ReadonlySet<Deviation>;
}

// The lifecycle a version actually runs with. Defaults per the devguide, with its one coupling rule: when only
// maxLifetime is given and it is at most the idle default, the idle timeout takes the same value (it cannot exceed
// maxLifetime).
import { LIFECYCLE_DEFAULTS } from './constraints.ts';
import type { RuntimeConfiguration } from './registry-api.ts';
import type { LifecycleConfiguration } from './data-plane-view.ts';

export function effectiveLifecycle(config: RuntimeConfiguration): LifecycleConfiguration {
  const given = config.lifecycleConfiguration ?? {};
  const maxLifetime = given.maxLifetime ?? LIFECYCLE_DEFAULTS.maxLifetime;
  const idleRuntimeSessionTimeout =
    given.idleRuntimeSessionTimeout ?? Math.min(LIFECYCLE_DEFAULTS.idleRuntimeSessionTimeout, maxLifetime);
  return { idleRuntimeSessionTimeout, maxLifetime };
}

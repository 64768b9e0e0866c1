// What control-plane operations receive from the server: the registry, nothing else.
import type { RuntimeRegistry } from './registry.ts';

export interface ControlContext {
  readonly runtimes: RuntimeRegistry;
}

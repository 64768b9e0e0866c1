// What a session's commands and its agent run with. Pure.
import type { ResolvedRuntime } from '../control/data-plane-view.ts';

/** The runtime's variables over a minimal base; nothing carries over between calls. */
export function commandEnv(runtime: ResolvedRuntime): Record<string, string> {
  return {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: '/root',
    LANG: 'C.UTF-8',
    ...runtime.environmentVariables,
  };
}

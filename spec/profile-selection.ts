// Which profile a run uses: `SSC_PROFILE` (a file path, or the name of a bundled profile), else the profile named after
// the target (`SSC_TARGET`, default emulator). Pure: the environment and the working directory are parameters.
import { isAbsolute, join, resolve } from 'node:path';
import { PROFILES_DIR } from './profile.ts';

/** `defaultFile`: the profile a command target file names, used when SSC_PROFILE is not set. */
export function profilePath(env: Readonly<Record<string, string | undefined>>, targetKind: string, cwd: string, defaultFile?: string): string {
  const chosen = env['SSC_PROFILE']?.trim();
  if (chosen) {
    if (/^[a-z0-9-]+$/.test(chosen) && !chosen.includes('.')) return join(PROFILES_DIR, `${chosen}.yaml`);
    return isAbsolute(chosen) ? chosen : resolve(cwd, chosen);
  }
  return defaultFile ?? join(PROFILES_DIR, `${targetKind}.yaml`);
}

// The emulator's agents: resolves a runtime's artifact to a local agent (artifact.ts) and prepares it once per
// emulator, like an image pulled once: the files are copied into the state directory, readable by the sessions'
// unprivileged uids (bwrap resolves bind sources as that uid; the original may sit where they cannot look), and
// the command is fixed (read from the Dockerfile when the mapping names none).
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { resolveAgent, type AgentSources } from './artifact.ts';
import { dockerfileCommand } from './dockerfile.ts';
import { OWN_PROCESS_GROUP } from '../util/own-process-group.ts';

export interface PreparedAgent {
  /** Host directory shown at /app. */
  appDir: string;
  command: readonly string[];
}

export type Preparation = { ok: true; agent: PreparedAgent } | { ok: false; reason: string };

export class AgentCatalog {
  readonly #sources: AgentSources;
  readonly #root: string;
  readonly #prepared = new Map<string, Promise<Preparation>>();
  #next = 0;
  /** Copies left by an earlier emulator on the same --state-dir are removed before the first new one. */
  #rootReady: Promise<void> | undefined;

  /** `stateDir/agents` holds the prepared copies. */
  constructor(sources: AgentSources, stateDir: string) {
    this.#sources = sources;
    this.#root = join(stateDir, 'agents');
  }

  /** The runtime's agent, prepared on first use; a failure is remembered and reported at invocation time. */
  prepare(artifact: unknown): Promise<Preparation> {
    const key = JSON.stringify(artifact);
    let p = this.#prepared.get(key);
    if (!p) {
      p = this.#prepare(artifact);
      this.#prepared.set(key, p);
    }
    return p;
  }

  async #prepare(artifact: unknown): Promise<Preparation> {
    const resolved = resolveAgent(artifact, this.#sources);
    if (!resolved.ok) return resolved;
    const { dir, command } = resolved.launch;
    try {
      if (!(await stat(dir)).isDirectory()) return { ok: false, reason: `the agent location ${dir} is not a directory` };
      const argv = command ?? dockerfileCommand(await readFile(join(dir, 'Dockerfile'), 'utf8'), join(dir, 'Dockerfile'));
      await (this.#rootReady ??= rm(this.#root, { recursive: true, force: true }).then(() => mkdir(this.#root, { mode: 0o755 }).then(() => {})));
      const appDir = join(this.#root, String(this.#next++));
      await execa('cp', ['-R', '--no-preserve=ownership', dir, appDir], OWN_PROCESS_GROUP);
      await execa('chmod', ['-R', 'u+rwX,go+rX,go-w', appDir], OWN_PROCESS_GROUP);
      return { ok: true, agent: { appDir, command: argv } };
    } catch (e) {
      return { ok: false, reason: `the agent in ${dir} cannot be prepared: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
}

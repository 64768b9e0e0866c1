// Pure: which local agent stands in for a runtime's `agentRuntimeArtifact`. The emulator pulls no images and reads
// no S3, so each artifact kind has a local stand-in:
//   containerConfiguration.containerUri  → an entry of the `containers` map: a directory (the image's build
//                                          context) and its command (default: the Dockerfile's ENTRYPOINT + CMD)
//   codeConfiguration.code.s3            → the directory <codeRoot>/<bucket>/<prefix> (an unpacked code bundle), run
//                                          as `python3 <entryPoint…>` (PYTHON_3_x) or `node <entryPoint…>` (NODE_22)
// The directory is shown read-only at /app inside the session and the command runs there.
import { isAbsolute, relative, resolve } from 'node:path';

export interface ContainerAgent {
  /** Host directory with the agent's files; shown at /app. */
  dir: string;
  /** argv run in /app; default: read from `<dir>/Dockerfile`. */
  command?: readonly string[];
}

export interface AgentSources {
  /** containerUri (exactly as configured on the runtime) → its local stand-in. */
  containers?: Readonly<Record<string, ContainerAgent>>;
  /** Local stand-in for S3 code bundles: bucket/prefix resolve to a directory under it. */
  codeRoot?: string;
}

/** Where the agent's files are and how it starts; `command` undefined: read it from the directory's Dockerfile. */
export interface AgentLaunch {
  dir: string;
  command: readonly string[] | undefined;
}

export type AgentResolution = { ok: true; launch: AgentLaunch } | { ok: false; reason: string };

const INTERPRETER: Readonly<Record<string, string>> = {
  PYTHON_3_10: 'python3',
  PYTHON_3_11: 'python3',
  PYTHON_3_12: 'python3',
  PYTHON_3_13: 'python3',
  PYTHON_3_14: 'python3',
  NODE_22: 'node',
};

const record = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

export function resolveAgent(artifact: unknown, sources: AgentSources): AgentResolution {
  const a = record(artifact);
  const container = record(a?.['containerConfiguration']);
  if (container) {
    const uri = String(container['containerUri']);
    const found = sources.containers?.[uri];
    if (!found) return { ok: false, reason: `no local agent is mapped to the container image ${uri} (see "Agents" in the README)` };
    return { ok: true, launch: { dir: found.dir, command: found.command } };
  }
  const code = record(a?.['codeConfiguration']);
  if (!code) return { ok: false, reason: 'the runtime has no agentRuntimeArtifact the emulator can run' };
  const s3 = record(record(code['code'])?.['s3']);
  const interpreter = INTERPRETER[String(code['runtime'])];
  const entryPoint = code['entryPoint'];
  if (!s3 || !interpreter || !Array.isArray(entryPoint)) return { ok: false, reason: 'codeConfiguration is incomplete' };
  if (!sources.codeRoot)
    return { ok: false, reason: 'codeConfiguration needs a local code root (startEmulator codeRoot, ssc emulator --code-root)' };
  const root = resolve(sources.codeRoot);
  const dir = resolve(root, String(s3['bucket']), String(s3['prefix']));
  // bucket and prefix come from the API caller: they must not name anything outside the code root.
  const inside = relative(root, dir);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside))
    return { ok: false, reason: `code location s3://${String(s3['bucket'])}/${String(s3['prefix'])} lies outside the code root` };
  return { ok: true, launch: { dir, command: [interpreter, ...entryPoint.map(String)] } };
}

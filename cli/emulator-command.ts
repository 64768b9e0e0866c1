// `ssc emulator`: the emulator as a standalone server for other tools and languages (boto3, the AWS CLI, ...).
// The first stdout line is the endpoint URL, so a parent process can read it and go; logs go to stderr.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { startEmulator } from '../emulator/index.ts';
import type { StorageKind } from '../emulator/sessions/storage.ts';
import { parseOptions, UsageError, type Command } from './command.ts';

const USAGE = `Usage: ssc emulator [--port N] [--host ADDR] [--state-dir DIR] [--region R] [--storage KIND] [--profile FILE]
                    [--agent URI=DIR]... [--code-root DIR] [--deviations a,b] [--transition-ms N] [--quiet]

Starts the AgentCore emulator and prints its endpoint URL (http://HOST:PORT) as the first line on stdout.
Serves until SIGTERM or SIGINT, then stops every session (persisting its storage) and exits 0.

  --port N          port to listen on; 0 picks a free port (default: 0)
  --host ADDR       address to bind (default: 127.0.0.1)
  --state-dir DIR   keep runtimes and sessions' stored data here across restarts (default: a temporary directory, removed on exit)
  --region R        region used in ARNs (default: us-east-1)
  --storage KIND    sessionfs: the FUSE session filesystem enforcing the operations table and limits (default);
                    plain: a plain directory per session, copied at stop (no enforcement)
  --profile FILE    target profile whose limits and errnos the session filesystem enforces
                    (default: spec/profiles/emulator.yaml)
  --agent URI=DIR   InvokeAgentRuntime on runtimes whose containerUri is URI runs the agent in DIR: the image's
                    build context, shown at /app, running its Dockerfile's ENTRYPOINT + CMD (WORKDIR /app); repeatable
  --code-root DIR   codeConfiguration runtimes run <DIR>/<bucket>/<prefix> (an unpacked code bundle) with python3
                    or node and the entryPoint
  --deviations L    comma-separated deliberate defects, for testing conformance suites (default: none)
  --transition-ms N runtimes stay CREATING/UPDATING this long before READY, as on AgentCore (default: 0)
  --quiet           no log lines on stderr`;

export function parseTransitionMs(raw: string): number {
  if (!/^\d{1,7}$/.test(raw)) throw new UsageError(`Expected --transition-ms to be a number of milliseconds, got '${raw}'`);
  return Number(raw);
}

export function parsePort(raw: string | undefined): number {
  if (raw === undefined) return 0;
  if (!/^\d+$/.test(raw) || Number(raw) > 65535)
    throw new UsageError(`Expected --port to be an integer from 0 to 65535, got '${raw}'`);
  return Number(raw);
}

const STORAGE_KINDS: readonly StorageKind[] = ['sessionfs', 'plain'];

export function parseStorage(raw: string): StorageKind {
  if (!(STORAGE_KINDS as readonly string[]).includes(raw))
    throw new UsageError(`Expected --storage to be one of ${STORAGE_KINDS.join(', ')}, got '${raw}'`);
  return raw as StorageKind;
}

/** `--agent URI=DIR` values → the emulator's container map (the directory must exist; the rest is checked on use). */
export function parseAgents(raw: readonly string[]): Record<string, { dir: string }> {
  const out: Record<string, { dir: string }> = {};
  for (const value of raw) {
    const at = value.indexOf('=');
    if (at <= 0 || at === value.length - 1) throw new UsageError(`Expected --agent to be URI=DIR, got '${value}'`);
    const dir = resolve(value.slice(at + 1));
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--agent ${value}: ${dir} is not a directory`);
    out[value.slice(0, at)] = { dir };
  }
  return out;
}

export const emulatorCommand: Command = {
  name: 'emulator',
  summary: 'run the AgentCore session-storage emulator on a local port',
  usage: USAGE,
  async run(argv) {
    const { values } = parseOptions(argv, {
      port: { type: 'string' },
      host: { type: 'string' },
      'state-dir': { type: 'string' },
      region: { type: 'string' },
      deviations: { type: 'string' },
      storage: { type: 'string' },
      profile: { type: 'string' },
      agent: { type: 'string', multiple: true },
      'code-root': { type: 'string' },
      'transition-ms': { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    const log = values.quiet ? undefined : (m: string) => process.stderr.write(`[ssc emulator] ${m}\n`);
    const emulator = await startEmulator({
      port: parsePort(values.port),
      ...(values.host !== undefined ? { host: values.host } : {}),
      ...(values['state-dir'] !== undefined ? { stateDir: values['state-dir'] } : {}),
      ...(values.region !== undefined ? { region: values.region } : {}),
      ...(values.deviations !== undefined ? { deviations: values.deviations } : {}),
      ...(values.storage !== undefined ? { storage: parseStorage(values.storage) } : {}),
      ...(values.profile !== undefined ? { profile: values.profile } : {}),
      ...(values['transition-ms'] !== undefined ? { transitionMs: parseTransitionMs(values['transition-ms']) } : {}),
      agents: {
        containers: parseAgents(values.agent ?? []),
        ...(values['code-root'] !== undefined ? { codeRoot: resolve(values['code-root']) } : {}),
      },
      ...(log ? { log } : {}),
    });
    process.stdout.write(`${emulator.endpoint}\n`);
    log?.(`serving both AgentCore planes at ${emulator.endpoint} (state: ${emulator.stateDir}); SIGTERM or SIGINT stops`);
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        log?.(`${signal}: stopping every session`);
        resolve();
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
    await emulator.close();
    return 0;
  },
};

// `ssc emulator`: the emulator as a standalone server for other tools and languages (boto3, the AWS CLI, ...).
// The first stdout line is the endpoint URL, so a parent process can read it and go; logs go to stderr.
import { appendFileSync, existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { detachMountsSync } from '../emulator/abandon.ts';
import { startEmulator, type RunningEmulator } from '../emulator/index.ts';
import type { StorageKind } from '../emulator/sessions/storage.ts';
import { parseNetworkDefault, type NetworkDefault } from '../emulator/network/network-default.ts';
import { parseOptions, UsageError, type Command } from './command.ts';
import { immediateExitCode, startedByNpm, watchStopRequests } from './stop-signals.ts';

const USAGE = `Usage: ssc emulator [--port N] [--host ADDR] [--state-dir DIR] [--region R] [--storage KIND] [--profile FILE]
                    [--network none|public] [--agent URI=DIR]... [--code-root DIR] [--deviations a,b] [--transition-ms N]
                    [--pid-file FILE] [--exit-with-parent] [--log-file FILE] [--quiet]

Starts the AgentCore emulator and prints its endpoint URL (http://HOST:PORT) as the first line on stdout.
Serves until SIGTERM or SIGINT (to its pid or to its whole process group, as a terminal's Ctrl-C sends it), then
stops every session (persisting its storage) and exits 0. A second SIGINT or SIGTERM during that stop exits at once
(code 130 or 143): sessions are not flushed to the store (the next start with the same --state-dir saves their
files) and a temporary state directory is left for the next start to remove; their mounts are detached either way.

  --port N          port to listen on; 0 picks a free port (default: 0)
  --host ADDR       address to bind (default: 127.0.0.1)
  --state-dir DIR   keep runtimes and sessions' stored data here across restarts (default: a temporary directory, removed on exit)
  --region R        region used in ARNs (default: us-east-1)
  --storage KIND    sessionfs: the FUSE session filesystem enforcing the operations table and limits (default);
                    plain: a plain directory per session, copied at stop (no enforcement)
  --profile FILE    target profile whose limits and errnos the session filesystem enforces
                    (default: spec/profiles/emulator.yaml)
  --network MODE    public: sessions of PUBLIC runtimes connect out (TCP, UDP, DNS through the host's resolver) through
                    a slirp4netns of their own, and reach nothing of the host's; VPC runtimes' sessions loopback only
                    (default); none: every session loopback only, for air-gapped runs
  --agent URI=DIR   InvokeAgentRuntime on runtimes whose containerUri is URI runs the agent in DIR: the image's
                    build context, shown at /app, running its Dockerfile's ENTRYPOINT + CMD (WORKDIR /app); repeatable
  --code-root DIR   codeConfiguration runtimes run <DIR>/<bucket>/<prefix> (an unpacked code bundle) with python3
                    or node and the entryPoint
  --deviations L    comma-separated deliberate defects, for testing conformance suites (default: none)
  --transition-ms N runtimes stay CREATING/UPDATING this long before READY, as on AgentCore (default: 0)
  --pid-file FILE   write the emulator's pid to FILE once it serves (removed on exit)
  --exit-with-parent
                    stop, as on SIGTERM, when the process that started it exits. On by default when started
                    through npm (npx ssc emulator, npm run emulator): npm's shell does not pass SIGTERM on
  --log-file FILE   append log lines, with timestamps, to FILE instead of stderr
  --quiet           no log lines`;

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

export function parseNetwork(raw: string): NetworkDefault {
  const parsed = parseNetworkDefault(raw, '--network');
  if (typeof parsed !== 'string') throw new UsageError(parsed.error);
  return parsed;
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

/** `--log-file FILE` (timestamped lines appended) or stderr; a file that cannot be written is a usage error. */
function openLog(file: string | undefined): (message: string) => void {
  if (file === undefined) return (m) => process.stderr.write(`[ssc emulator] ${m}\n`);
  const append = (m: string) => appendFileSync(file, `${new Date().toISOString()} [ssc emulator] ${m}\n`);
  try {
    append(`starting (pid ${process.pid})`);
  } catch (e) {
    throw new UsageError(`--log-file ${file}: cannot append to it: ${(e as Error).message}`);
  }
  return append;
}

function writePidFile(file: string): { remove(): void } {
  const path = resolve(file);
  try {
    writeFileSync(path, `${process.pid}\n`);
  } catch (e) {
    throw new UsageError(`--pid-file ${file}: cannot write it: ${(e as Error).message}`);
  }
  return { remove: () => rmSync(path, { force: true }) };
}

/**
 * The first stop request resolves `requested` (the caller then closes the emulator); a second signal exits at once,
 * detaching the session mounts and saying what was skipped.
 */
function stopControl(o: {
  log: ((message: string) => void) | undefined;
  pidFile: { remove(): void } | undefined;
  temporary: boolean;
  watchParent: boolean;
}): { requested: Promise<void>; serving(emulator: RunningEmulator): void } {
  let running: RunningEmulator | undefined;
  let graceful!: () => void;
  const requested = new Promise<void>((resolve) => (graceful = resolve));
  watchStopRequests(
    ({ mode, event }) => {
      const why = event === 'parent-exit' ? 'the process that started it exited' : event;
      if (mode === 'graceful') {
        o.log?.(`${why}: stopping every session (a second SIGINT or SIGTERM exits at once, without flushing)`);
        return graceful();
      }
      const state = running?.stateDir;
      const detached = state === undefined ? 0 : detachMountsSync(state);
      o.log?.(
        `second ${why}: exiting now; ${detached} session mount(s) detached; not flushed to the store: the sessions' ` +
          `files stay under ${state ?? 'the state directory'}/compute, saved by the next start on this state directory` +
          (o.temporary ? ' (a temporary one: the next emulator to start removes it)' : ''),
      );
      o.pidFile?.remove();
      process.exit(immediateExitCode(event));
    },
    { watchParent: o.watchParent },
  );
  return { requested, serving: (emulator) => (running = emulator) };
}

export const emulatorCommand: Command = {
  usage: USAGE,
  async run(argv) {
    const { values } = parseOptions(argv, {
      port: { type: 'string' },
      host: { type: 'string' },
      'state-dir': { type: 'string' },
      region: { type: 'string' },
      deviations: { type: 'string' },
      storage: { type: 'string' },
      network: { type: 'string' },
      profile: { type: 'string' },
      agent: { type: 'string', multiple: true },
      'code-root': { type: 'string' },
      'transition-ms': { type: 'string' },
      'pid-file': { type: 'string' },
      'exit-with-parent': { type: 'boolean' },
      'log-file': { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    // Whoever reads our output may be gone (npx killed, a closed pipe): a write must not crash a stop in progress.
    process.stdout.on('error', () => {});
    process.stderr.on('error', () => {});
    const log = values.quiet ? undefined : openLog(values['log-file']);
    const pidFile = values['pid-file'] === undefined ? undefined : writePidFile(values['pid-file']);
    // Listening from the start: a signal during start-up, or right after the endpoint line, is never missed.
    const control = stopControl({
      log,
      pidFile,
      temporary: values['state-dir'] === undefined,
      watchParent: values['exit-with-parent'] === true || startedByNpm(process.env),
    });
    let running: RunningEmulator;
    try {
      running = await startEmulator({
        port: parsePort(values.port),
        ...(values.host !== undefined ? { host: values.host } : {}),
        ...(values['state-dir'] !== undefined ? { stateDir: values['state-dir'] } : {}),
        ...(values.region !== undefined ? { region: values.region } : {}),
        ...(values.deviations !== undefined ? { deviations: values.deviations } : {}),
        ...(values.storage !== undefined ? { storage: parseStorage(values.storage) } : {}),
        ...(values.network !== undefined ? { network: parseNetwork(values.network) } : {}),
        ...(values.profile !== undefined ? { profile: values.profile } : {}),
        ...(values['transition-ms'] !== undefined ? { transitionMs: parseTransitionMs(values['transition-ms']) } : {}),
        agents: {
          containers: parseAgents(values.agent ?? []),
          ...(values['code-root'] !== undefined ? { codeRoot: resolve(values['code-root']) } : {}),
        },
        ...(log ? { log } : {}),
      });
    } catch (e) {
      pidFile?.remove();
      throw e;
    }
    control.serving(running);
    process.stdout.write(`${running.endpoint}\n`);
    log?.(`serving both AgentCore planes at ${running.endpoint} (state: ${running.stateDir}); SIGTERM or SIGINT stops`);
    await control.requested;
    try {
      await running.close();
    } catch (e) {
      // Its sessions' processes would keep this process alive: exit, saying what failed.
      process.stderr.write(`ssc emulator: stopping failed: ${e instanceof Error ? e.message : String(e)}\n`);
      pidFile?.remove();
      process.exit(1);
    }
    pidFile?.remove();
    return 0;
  },
};

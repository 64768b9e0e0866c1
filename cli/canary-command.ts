// `ssc canary plant|check --ledger FILE`: the 14-day idle expiry (life/idle-expiry-14d) on a real target, where a run
// cannot wait 14 days. `plant` writes a file with a known digest into each of two fresh sessions of a long-lived
// runtime and records them in the ledger; `check`, in later runs, checks every entry whose window is open (the
// `persist` one within 13 days: still there; the `expire` one after 15 days: gone) and records the result. The pure
// rules are in fixtures/run/canary-ledger.ts. The runtime must outlive the canary: not one a run creates, and not
// named with the suite's `ssc_` prefix (which `ssc sweep --prefix ssc` would delete).
import { randomBytes, randomUUID, createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createClients } from '../fixtures/clients.ts';
import { describeRuntime } from '../fixtures/runtimes.ts';
import { entryState, judge, parseLedger, plantedEntry, serialiseLedger, LEDGER_FORMAT, type Ledger, type Purpose } from '../fixtures/run/canary-ledger.ts';
import { Session } from '../fixtures/session.ts';
import { parseOptions, UsageError, type Command } from './command.ts';
import { targetFromOptions } from './target-option.ts';

const USAGE = `Usage: ssc canary plant --ledger FILE [--runtime-arn ARN] [--endpoint URL] [--now ISO]
       ssc canary check --ledger FILE [--endpoint URL] [--now ISO]

Checks the 14-day idle expiry of session storage across runs. 'plant' writes a 4 KiB file with a known digest into
two fresh sessions and records them in the ledger (created when missing). 'check' checks each entry whose window is
open, records the result, and exits 1 if any check failed:
  persist  checked 1 hour to 13 days after planting: the file must still be there, digest unchanged;
  expire   checked from 15 days after planting: the file must be gone.
Each entry is checked once (a check resumes its session, restarting the idle clock). Plant again to start a new pair.

  --ledger FILE       the ledger (JSON, ${LEDGER_FORMAT})
  --runtime-arn ARN   the runtime to plant in (default: SSC_RUNTIME_ARN); it must outlive the canary
  --endpoint URL      an emulator (dummy credentials); default: AgentCore from the environment (AWS_REGION, ...)
  --now ISO           the time to plant or check at (default: now); for an emulator whose clock was moved`;

const BYTES = 4096;
const PURPOSES: readonly Purpose[] = ['persist', 'expire'];
const CHECK_COMMAND = (path: string) => `if [ -e '${path}' ]; then sha256sum < '${path}' | cut -d' ' -f1; else echo ABSENT; fi`;

function nowOf(raw: string | undefined): number {
  if (raw === undefined) return Date.now();
  const t = Date.parse(raw);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(raw) || Number.isNaN(t)) throw new UsageError(`Expected --now to be an ISO-8601 time, got '${raw}'`);
  return t;
}

function saveLedger(file: string, ledger: Ledger): void {
  writeFileSync(`${file}.tmp`, serialiseLedger(ledger));
  renameSync(`${file}.tmp`, file);
}

export const canaryCommand: Command = {
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseOptions(
      argv,
      {
        ledger: { type: 'string' },
        'runtime-arn': { type: 'string' },
        endpoint: { type: 'string' },
        now: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      true,
    );
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const [sub, ...extra] = positionals;
    if (sub !== 'plant' && sub !== 'check') throw new UsageError(sub === undefined ? 'missing subcommand: plant or check' : `unknown subcommand '${sub}' (valid: plant, check)`);
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    if (!values.ledger) throw new UsageError('--ledger FILE is required');
    const file = values.ledger;
    const now = nowOf(values.now);
    const existing = existsSync(file) ? parseLedger(readFileSync(file, 'utf8'), file) : undefined;
    if (sub === 'check' && !existing) throw new Error(`${file} does not exist: plant first (ssc canary plant --ledger ${file})`);
    const clients = createClients(targetFromOptions(values.endpoint));
    try {
      return sub === 'plant'
        ? await plant(clients, file, existing, values['runtime-arn'] ?? process.env.SSC_RUNTIME_ARN, now)
        : await check(clients, file, existing!, now);
    } finally {
      clients.destroy();
    }
  },
};

type Clients = ReturnType<typeof createClients>;

async function plant(clients: Clients, file: string, existing: Ledger | undefined, arn: string | undefined, now: number): Promise<number> {
  const runtimeArn = arn ?? existing?.runtimeArn;
  if (!runtimeArn) throw new UsageError('plant needs --runtime-arn (or SSC_RUNTIME_ARN): a runtime with session storage that outlives the canary');
  if (existing && existing.runtimeArn !== runtimeArn) throw new Error(`${file} is the ledger of runtime ${existing.runtimeArn}, not ${runtimeArn}`);
  const runtime = await describeRuntime(clients.control, runtimeArn);
  if (!runtime.mountPath) throw new Error(`runtime ${runtime.id} has no sessionStorage filesystem configuration`);
  const ledger: Ledger = existing ?? { format: LEDGER_FORMAT, runtimeArn, entries: [] };
  for (const purpose of PURPOSES) {
    const content = randomBytes(BYTES);
    const sha256 = createHash('sha256').update(content).digest('hex');
    const path = `${runtime.mountPath}/ssc-canary/${purpose}-${new Date(now).toISOString().slice(0, 10)}.bin`;
    const session = new Session(clients.data, runtime, `ssc-canary-${purpose}-${randomUUID()}`);
    const out = await session.check(`mkdir -p '${runtime.mountPath}/ssc-canary' && echo '${content.toString('base64')}' | base64 -d > '${path}' && ${CHECK_COMMAND(path)}`);
    if (out.trim() !== sha256) throw new Error(`planting in session ${session.id} wrote digest ${out.trim()}, expected ${sha256}`);
    await session.stop();
    const entry = plantedEntry({ sessionId: session.id, purpose, now, path, sha256, bytes: BYTES });
    ledger.entries.push(entry);
    saveLedger(file, ledger);
    process.stdout.write(`planted  ${purpose.padEnd(7)} ${session.id}  check from ${entry.checkAfter}${entry.checkBefore ? ` to ${entry.checkBefore}` : ''}\n`);
  }
  return 0;
}

async function check(clients: Clients, file: string, ledger: Ledger, now: number): Promise<number> {
  const runtime = await describeRuntime(clients.control, ledger.runtimeArn);
  let failed = 0;
  for (const entry of ledger.entries) {
    const state = entryState(entry, now);
    const head = `${entry.purpose.padEnd(7)} ${entry.sessionId}`;
    if (state === 'pending') process.stdout.write(`pending  ${head}  from ${entry.checkAfter}\n`);
    else if (state === 'missed') process.stdout.write(`missed   ${head}  its window closed at ${entry.checkBefore}; plant again\n`);
    else if (state === 'checked') process.stdout.write(`${entry.result!.outcome.padEnd(8)} ${head}  ${entry.result!.observed} (checked ${entry.result!.checkedAt})\n`);
    if (state !== 'due') continue;
    const session = new Session(clients.data, runtime, entry.sessionId);
    const seen = (await session.check(CHECK_COMMAND(entry.path))).trim();
    await session.stop();
    const verdict = judge(entry, seen === 'ABSENT' ? null : seen);
    entry.result = { checkedAt: new Date(now).toISOString(), ...verdict };
    saveLedger(file, ledger);
    if (verdict.outcome === 'fail') failed++;
    process.stdout.write(`${verdict.outcome.padEnd(8)} ${head}  ${verdict.observed}\n`);
  }
  return failed > 0 ? 1 : 0;
}

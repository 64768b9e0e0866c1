// `ssc sweep --prefix P [--journal FILE|DIR ...] [--older-than D] [--endpoint URL] [--yes]`: removes what earlier runs
// left behind: runtimes whose names carry the prefix (ListAgentRuntimes) and sessions recorded in run journals.
// Dry run by default (prints the plan); `--yes` stops and deletes. Reaches the target like the suites do: AgentCore
// from the environment (AWS_REGION, the credential chain, AWS_ENDPOINT_URL_BEDROCK_AGENTCORE[_CONTROL]), or an
// emulator at --endpoint.
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createClients } from '../fixtures/clients.ts';
import { executeCleanup, listAllRuntimes } from '../fixtures/run/cleanup.ts';
import { outstanding, type Outstanding } from '../fixtures/run/journal.ts';
import { parsePrefix } from '../fixtures/run/prefix.ts';
import { TargetUnreachableError } from '../fixtures/run/reachability.ts';
import { journalSettled, parseDuration, planSweep } from '../fixtures/run/sweep-plan.ts';
import { parseOptions, UsageError, type Command } from './command.ts';
import { targetFromOptions } from './target-option.ts';

const USAGE = `Usage: ssc sweep --prefix PREFIX [--journal FILE|DIR ...] [--older-than DURATION] [--endpoint URL] [--yes]

Finds what earlier runs left behind and, with --yes, removes it: runtimes whose names start with the prefix, and
sessions recorded in run journals (reports/journal/*.jsonl) whose ids start with it. Without --yes it only prints
the plan. Sessions are stopped before runtimes are deleted.

  --prefix P        'ssc' (every run), or 'ssc_<run id>' / 'ssc-<run id>' (one run; a partial id matches several)
  --journal PATH    a run journal, or a directory of them (repeatable; default: reports/journal if it exists)
  --older-than D    only runtimes last updated at least this long ago (90s, 30m, 2h, 14d): spares runs in progress
  --endpoint URL    an emulator (dummy credentials); default: AgentCore from the environment (AWS_REGION, ...)
  --yes             stop and delete (default: dry run)`;

function journalFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (!existsSync(p)) throw new UsageError(`--journal ${p}: no such file or directory`);
    if (statSync(p).isDirectory()) out.push(...readdirSync(p).filter((f) => f.endsWith('.jsonl')).map((f) => join(p, f)));
    else out.push(p);
  }
  return out;
}

export const sweepCommand: Command = {
  usage: USAGE,
  async run(argv) {
    const { values } = parseOptions(argv, {
      prefix: { type: 'string' },
      journal: { type: 'string', multiple: true },
      'older-than': { type: 'string' },
      endpoint: { type: 'string' },
      yes: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (values.prefix === undefined) throw new UsageError('--prefix is required (e.g. ssc, or ssc_<run id>)');
    let prefix;
    let olderThanMs = 0;
    try {
      prefix = parsePrefix(values.prefix);
      if (values['older-than'] !== undefined) olderThanMs = parseDuration(values['older-than']);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const files = journalFiles(values.journal ?? (existsSync(join('reports', 'journal')) ? [join('reports', 'journal')] : []));
    const journals: Outstanding[] = files.map((f) => outstanding(readFileSync(f, 'utf8')));
    const clients = createClients(targetFromOptions(values.endpoint));
    try {
      const runtimes = await listAllRuntimes(clients.control).catch((e: unknown) => {
        if (!(e instanceof TargetUnreachableError)) throw e;
        throw new Error(`${e.message}. Nothing was removed; sweep again once it answers (the journals are kept)`);
      });
      // Journalled runtimes matter too: a runtime listed as outstanding but already gone is simply skipped.
      const plan = planSweep({ prefix, runtimes, journals, olderThanMs, now: Date.now() });
      const what = `${plan.sessions.length} session(s) and ${plan.runtimes.length} runtime(s) matching '${values.prefix}'`;
      for (const s of plan.sessions) process.stdout.write(`session  ${s.sessionId}  (${s.runtimeArn})\n`);
      for (const r of plan.runtimes) process.stdout.write(`runtime  ${r.name}  (${r.id})\n`);
      if (!values.yes) {
        process.stdout.write(`Dry run: would stop and delete ${what}. Run again with --yes to do it.\n`);
        return 0;
      }
      const result = await executeCleanup(clients, plan);
      for (const e of result.errors) process.stderr.write(`ssc sweep: ${e}\n`);
      process.stdout.write(`Stopped ${result.stoppedSessions} session(s), deleted ${result.deletedRuntimes} runtime(s).\n`);
      if (result.errors.length > 0) return 1;
      // Journals with nothing left go; the others stay for a later sweep (e.g. one with another prefix).
      const listed = new Set(runtimes.flatMap((r) => (r.agentRuntimeId ? [r.agentRuntimeId] : [])));
      files.forEach((f, i) => {
        if (journalSettled(journals[i]!, plan, listed)) rmSync(f, { force: true });
      });
      return 0;
    } finally {
      clients.destroy();
    }
  },
};

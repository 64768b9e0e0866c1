// `ssc sweep` and `ssc canary` as users run them (a child process), against an emulator: the sweep removes exactly
// what carries the prefix (dry run first), the canary plants, waits out its windows on the emulator's clock, and
// checks persistence before and expiry after 14 idle days.
import { ListAgentRuntimesCommand } from '@aws-sdk/client-bedrock-agentcore-control';
import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLedger } from '../../fixtures/run/canary-ledger.ts';
import { RunJournal } from '../../fixtures/run/journal.ts';
import { createRuntime } from '../../fixtures/runtimes.ts';
import { startHarness, type Harness } from '../emulator/__test-helpers__/emulator-harness.ts';

const SSC = fileURLToPath(new URL('../../bin/ssc.js', import.meta.url));
const DAY = 86_400;

let h: Harness;
let dir: string;
const ssc = (...args: string[]) => execa('node', [SSC, ...args], { reject: false, env: { AWS_REGION: 'us-east-1' } });
const names = async () => ((await h.target.control.send(new ListAgentRuntimesCommand({}))).agentRuntimes ?? []).map((r) => r.agentRuntimeName);
const live = async () => ((await (await fetch(`${h.emulator.endpoint}/_ssc/health`)).json()) as { liveSessions: number }).liveSessions;

/** A runtime named without the suite's prefix, as a user's long-lived runtime would be. */
const foreignRuntime = (name: string) => createRuntime(h.target.control, { ...h.target.createInput(), agentRuntimeName: name });

beforeAll(async () => {
  h = await startHarness();
  dir = mkdtempSync(join(tmpdir(), 'ssc-sweep-'));
});
afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ssc sweep', () => {
  it('lists, then (with --yes) removes runtimes by prefix and journalled sessions, and nothing else', async () => {
    const run = h.target.runId;
    const ours = await createRuntime(h.target.control, h.target.createInput({ label: 'left' }));
    const foreign = await foreignRuntime('customer_agent');
    const journal = new RunJournal(join(dir, `${run}-conformance.jsonl`));
    // A session of this run on the user's runtime (the SSC_RUNTIME_ARN case): only the journal knows it.
    const onForeign = h.resources.open(foreign, { label: 'kept' });
    journal.record({ t: 'session', runtimeArn: onForeign.runtime.arn, sessionId: onForeign.id });
    await onForeign.check('true');
    const onOurs = h.resources.open(ours, { label: 'left' });
    await onOurs.check('true');
    expect(await live()).toBe(2);

    const dry = await ssc('sweep', '--prefix', `ssc_${run}`, '--journal', dir, '--endpoint', h.emulator.endpoint);
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toContain(`runtime  ${ours.name}`);
    expect(dry.stdout).toContain(`session  ${onForeign.id}`);
    expect(dry.stdout).toMatch(/Dry run: would stop and delete 1 session\(s\) and 1 runtime\(s\)/);
    expect(await names()).toContain(ours.name);
    expect(await live()).toBe(2);

    const wet = await ssc('sweep', '--prefix', `ssc_${run}`, '--journal', dir, '--endpoint', h.emulator.endpoint, '--yes');
    expect(wet.stderr).not.toMatch(/ssc sweep:/);
    expect(wet.stdout).toContain('Stopped 1 session(s), deleted 1 runtime(s).');
    expect(await names()).not.toContain(ours.name);
    expect(await names()).toContain('customer_agent');
    expect(await live()).toBe(0);
    expect(existsSync(journal.file)).toBe(false);
  });

  it.each([
    [['sweep'], /--prefix is required/],
    [['sweep', '--prefix', 'customer'], /--prefix must be 'ssc'/],
    [['sweep', '--prefix', 'ssc', '--older-than', 'soon'], /expected a duration such as 90s/],
    [['sweep', '--prefix', 'ssc', '--journal', '/nonexistent/j.jsonl'], /--journal \/nonexistent\/j.jsonl: no such file/],
    [['sweep', '--prefix', 'ssc', '--endpoint', 'localhost:1'], /Expected --endpoint to be an http\(s\) URL/],
  ])('refuses %j with a specific message (exit 2)', async (args, message) => {
    const r = await ssc(...args);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('ssc canary', () => {
  it('plants two files, then checks persistence before 14 idle days and expiry after, each entry once', async () => {
    const rt = await foreignRuntime('canary_runtime');
    const ledger = join(dir, 'canary.json');
    const t0 = Date.now();
    const at = (seconds: number) => new Date(t0 + seconds * 1000).toISOString();
    const run = (...args: string[]) => ssc('canary', ...args, '--ledger', ledger, '--endpoint', h.emulator.endpoint);

    const planted = await run('plant', '--runtime-arn', rt.arn, '--now', at(0));
    expect(planted.stderr).not.toMatch(/ssc canary:/);
    expect(planted.exitCode).toBe(0);
    const entries = parseLedger(readFileSync(ledger, 'utf8'), ledger).entries;
    expect(entries.map((e) => e.purpose)).toEqual(['persist', 'expire']);
    expect(await live()).toBe(0);

    const early = await run('check', '--now', at(1800));
    expect(early.exitCode).toBe(0);
    expect(early.stdout.match(/^pending/gm)).toHaveLength(2);

    await h.advanceClock(2 * DAY);
    const before = await run('check', '--now', at(2 * DAY));
    expect(before.exitCode).toBe(0);
    expect(before.stdout).toMatch(/^pass +persist .*present, digest matches$/m);
    expect(before.stdout).toMatch(/^pending +expire/m);

    await h.advanceClock(14 * DAY);
    const after = await run('check', '--now', at(16 * DAY));
    expect(after.exitCode).toBe(0);
    expect(after.stdout).toMatch(/^pass +expire .*absent after 14 idle days$/m);
    expect(after.stdout).toMatch(/^pass +persist .*\(checked /m);
    const final = parseLedger(readFileSync(ledger, 'utf8'), ledger).entries;
    expect(final.map((e) => e.result?.outcome)).toEqual(['pass', 'pass']);
    expect(await live()).toBe(0);
  });

  it('refuses a ledger that is not one, naming the file and the problem', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ format: 'ssc-canary-ledger/1', runtimeArn: 'nope', entries: [{}] }));
    const r = await ssc('canary', 'check', '--ledger', bad, '--endpoint', h.emulator.endpoint);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`${bad} is not a canary ledger (ssc-canary-ledger/1): /runtimeArn must match pattern`);
    expect(r.stderr).toContain("/entries/0 must have required property 'sessionId'");
    const missing = await ssc('canary', 'plant', '--ledger', join(dir, 'new.json'), '--endpoint', h.emulator.endpoint);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/plant needs --runtime-arn/);
  });
});

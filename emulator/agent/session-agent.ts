// One session's agent process, following the runtime HTTP contract: started lazily in /app of the session's sandbox
// on the first invocation (not at provisioning, so a resume that only runs commands pays nothing), healthy once
// `GET /ping` answers Healthy, then `POST /invocations` per call. Everything travels over the init's tunnel into the
// session's own network namespace, with node's HTTP client doing the framing. It dies with the compute; a resumed
// session gets a new one. An agent that exits, never becomes healthy, or fails a request is an AgentFailure (the
// data plane answers RuntimeClientError).
import { request, type IncomingMessage } from 'node:http';
import type { SessionCompute } from '../sandbox/compute.ts';
import { APP_WORKDIR } from './dockerfile.ts';

export const AGENT_PORT = 8080;
const HEALTHY = new Set(['Healthy', 'HealthyBusy']);
/** First ping retries come quickly (a python agent listens within ~100 ms), later ones back off. */
const PING_DELAYS_MS = [10, 20, 40, 80, 160, 250] as const;
/** How long to wait for the exit status once a connection broke, so the error can say why. */
const EXIT_GRACE_MS = 500;

export class AgentFailure extends Error {}

export interface AgentRequest {
  headers: Record<string, string>;
  body: Buffer;
  signal: AbortSignal;
}

export interface AgentOptions {
  command: readonly string[];
  env: Record<string, string>;
  /** How long the agent may take to answer Healthy on /ping. */
  startTimeoutMs: number;
  log: (message: string) => void;
}

const shellQuote = (arg: string): string => `'${arg.replaceAll("'", `'\\''`)}'`;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SessionAgent {
  readonly #compute: SessionCompute;
  readonly #o: AgentOptions;
  #started: Promise<void> | undefined;
  #exited: Promise<number> | undefined;
  #exitCode: number | undefined;
  #outputTail = '';
  #kill: AbortController | undefined;

  constructor(compute: SessionCompute, o: AgentOptions) {
    this.#compute = compute;
    this.#o = o;
  }

  /** Starts the agent if it is not running, and resolves once it answered Healthy. */
  ready(): Promise<void> {
    return (this.#started ??= this.#start());
  }

  /** Forwards one invocation; resolves with the agent's response once its status line and headers arrived. */
  async invoke(req: AgentRequest): Promise<IncomingMessage> {
    await this.ready();
    let res: IncomingMessage;
    try {
      res = await this.#http('POST', '/invocations', req.headers, req.body, req.signal);
    } catch (e) {
      if (req.signal.aborted) throw e;
      throw new AgentFailure(`the agent did not answer the invocation (${errorText(e)})${await this.#exitNote()}`);
    }
    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) return res;
    const body = (await readAll(res).catch(() => '')).slice(0, 500);
    throw new AgentFailure(`Received error (${status}) from the agent: ${body}`);
  }

  async #start(): Promise<void> {
    this.#exitCode = undefined;
    this.#outputTail = '';
    const script = `cd ${APP_WORKDIR} && exec ${this.#o.command.map(shellQuote).join(' ')}`;
    this.#kill = new AbortController();
    const events = this.#compute.run(script, { env: this.#o.env, timeoutMs: 0, detached: true, signal: this.#kill.signal });
    this.#exited = (async () => {
      let code = -1;
      for await (const e of events) {
        if (e.kind === 'exit') code = e.exitCode;
        else {
          this.#outputTail = (this.#outputTail + e.text).slice(-2000);
          for (const line of e.text.split('\n')) if (line) this.#o.log(`agent: ${line}`);
        }
      }
      this.#exitCode = code;
      // The next invocation starts the agent again (the compute itself may be alive still).
      this.#started = undefined;
      return code;
    })();
    const deadline = Date.now() + this.#o.startTimeoutMs;
    for (let attempt = 0; ; attempt++) {
      if (this.#exitCode !== undefined) throw new AgentFailure(`the agent exited during start${this.#exitNoteNow()}`);
      const status = await this.#ping();
      if (status !== undefined && HEALTHY.has(status)) return;
      if (Date.now() >= deadline) {
        await this.#stopProcess();
        throw new AgentFailure(
          `the agent did not answer Healthy on GET /ping within ${this.#o.startTimeoutMs} ms (last: ${status ?? 'no connection'})${this.#exitNoteNow()}`,
        );
      }
      await sleep(PING_DELAYS_MS[Math.min(attempt, PING_DELAYS_MS.length - 1)]!);
    }
  }

  /** The /ping `status`, `HTTP <code>` for an answer outside the contract, undefined while nothing answers. */
  async #ping(): Promise<string | undefined> {
    let res: IncomingMessage;
    let text: string;
    try {
      res = await this.#http('GET', '/ping', {}, undefined, AbortSignal.timeout(2_000));
      text = await readAll(res);
    } catch {
      return undefined;
    }
    try {
      const status = (JSON.parse(text) as { status?: unknown }).status;
      if (res.statusCode === 200 && typeof status === 'string') return status;
    } catch {
      // not JSON: reported by its HTTP status
    }
    return `HTTP ${res.statusCode}`;
  }

  #http(method: string, path: string, headers: Record<string, string>, body: Buffer | undefined, signal: AbortSignal): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const req = request({
        method,
        path,
        headers: { host: `localhost:${AGENT_PORT}`, ...headers, ...(body ? { 'content-length': String(body.length) } : {}) },
        createConnection: () => this.#compute.connect(AGENT_PORT) as never,
        signal,
      });
      req.once('response', resolve);
      req.once('error', reject);
      req.end(body);
    });
  }

  /** An agent that never became healthy is killed, so a later invocation starts from a clean slate. */
  async #stopProcess(): Promise<void> {
    this.#kill?.abort();
    await Promise.race([this.#exited, sleep(EXIT_GRACE_MS)]);
  }

  async #exitNote(): Promise<string> {
    await Promise.race([this.#exited, sleep(EXIT_GRACE_MS)]);
    return this.#exitNoteNow();
  }

  #exitNoteNow(): string {
    const tail = this.#outputTail.trim().split('\n').slice(-5).join(' | ');
    const code = this.#exitCode !== undefined ? ` with exit code ${this.#exitCode}` : '';
    return (code ? `; it exited${code}` : '') + (tail ? `; its last output: ${tail}` : '');
  }
}

function readAll(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.once('error', reject);
  });
}

const errorText = (e: unknown): string => (e instanceof Error ? ((e as { code?: string }).code ?? e.message) : String(e));

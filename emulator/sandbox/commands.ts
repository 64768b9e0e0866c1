// The commands running in one sandbox, over the init's pipe protocol (run/kill → out/exit): each one's output decoded
// as it arrives and streamed as events, its timeout, and the platform error every one of them reports when the
// sandbox dies under it. The sandbox (compute.ts) owns the pipe; this keeps the books of what runs through it.
import { AsyncQueue } from '../util/async-queue.ts';
import { HOME_INSIDE } from './bwrap-args.ts';
import { exitCodeOf, type InitMessage, type InitRequest } from './init-protocol.ts';

export type CommandEvent =
  | { kind: 'stdout'; text: string }
  | { kind: 'stderr'; text: string }
  /** exitCode -1 means the platform failed (the compute died under the command). */
  | { kind: 'exit'; exitCode: number; timedOut: boolean };

export interface RunOptions {
  env: Record<string, string>;
  timeoutMs: number;
  /** Aborting kills the process group (the session's agent uses it; a hung-up client does not stop a command). */
  signal?: AbortSignal;
  /** A long-lived process (the session's agent): no timeout, and not a command in flight for the idle timeout. */
  detached?: boolean;
}

export type CommandMessage = Extract<InitMessage, { op: 'out' | 'exit' }>;
type Send = (message: Extract<InitRequest, { op: 'run' | 'kill' }>) => void;

interface InFlight {
  queue: AsyncQueue<CommandEvent>;
  decoders: [TextDecoder, TextDecoder];
  timedOut: boolean;
  timer: NodeJS.Timeout | undefined;
  detached: boolean;
}

const PLATFORM_FAILURE: CommandEvent = { kind: 'exit', exitCode: -1, timedOut: false };

export class Commands {
  readonly #inFlight = new Map<number, InFlight>();

  /** Commands running, detached ones not counted. */
  get running(): number {
    let n = 0;
    for (const f of this.#inFlight.values()) if (!f.detached) n++;
    return n;
  }

  /** Starts `bash -c command` as request `id`; events arrive as the command produces output. */
  run(id: number, command: string, o: RunOptions, send: Send): AsyncIterable<CommandEvent> {
    const queue = new AsyncQueue<CommandEvent>();
    const f: InFlight = {
      queue,
      decoders: [new TextDecoder('utf-8'), new TextDecoder('utf-8')],
      timedOut: false,
      timer: o.detached
        ? undefined
        : setTimeout(() => {
            f.timedOut = true;
            send({ op: 'kill', id });
          }, o.timeoutMs),
      detached: o.detached ?? false,
    };
    this.#inFlight.set(id, f);
    o.signal?.addEventListener('abort', () => send({ op: 'kill', id }), { once: true });
    // A client that hangs up does not stop the command on the real service either; it keeps running to its end.
    send({ op: 'run', id, command, env: o.env, cwd: HOME_INSIDE });
    return queue;
  }

  deliver(m: CommandMessage): void {
    const f = this.#inFlight.get(m.id);
    if (!f) return;
    if (m.op === 'out') {
      const text = f.decoders[m.fd - 1]!.decode(Buffer.from(m.data, 'base64'), { stream: true });
      if (text) f.queue.push({ kind: m.fd === 1 ? 'stdout' : 'stderr', text });
    } else {
      this.#inFlight.delete(m.id);
      this.#finish(f, { kind: 'exit', exitCode: exitCodeOf(m.code, m.signal), timedOut: f.timedOut });
    }
  }

  /** The sandbox is gone: every command ends with a platform error. */
  failAll(): void {
    for (const f of this.#inFlight.values()) this.#finish(f, PLATFORM_FAILURE);
    this.#inFlight.clear();
  }

  /** What a command started on a dead sandbox gets at once. */
  static failed(): AsyncIterable<CommandEvent> {
    const queue = new AsyncQueue<CommandEvent>();
    queue.push(PLATFORM_FAILURE);
    queue.close();
    return queue;
  }

  #finish(f: InFlight, exit: CommandEvent): void {
    clearTimeout(f.timer);
    const [out, err] = f.decoders;
    const restOut = out.decode();
    const restErr = err.decode();
    if (restOut) f.queue.push({ kind: 'stdout', text: restOut });
    if (restErr) f.queue.push({ kind: 'stderr', text: restErr });
    f.queue.push(exit);
    f.queue.close();
  }
}

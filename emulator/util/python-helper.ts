// A long-lived python3 helper (standard library only) that answers one line per request: the emulator starts it once
// instead of paying python's start (~25 ms) on every use. Requests are queued; while none is in flight the helper
// does not keep the emulator's event loop alive. It dies with a clear error, and the next user starts a new one.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { OWN_PROCESS_GROUP } from './own-process-group.ts';

export class HelperDiedError extends Error {
  override readonly name = 'HelperDiedError';
}

class Child {
  readonly #child: ChildProcess;
  readonly #answers: Interface;
  readonly #waiting: Array<{ resolve(line: string): void; reject(e: Error): void }> = [];
  #dead: Error | undefined;

  constructor(script: string, name: string) {
    this.#child = spawn('/usr/bin/python3', ['-S', '-E', script], { stdio: ['pipe', 'pipe', 'inherit'], ...OWN_PROCESS_GROUP });
    this.#answers = createInterface({ input: this.#child.stdout! });
    this.#answers.on('line', (line) => this.#waiting.shift()?.resolve(line));
    const die = (e: Error) => {
      this.#dead ??= e;
      for (const w of this.#waiting.splice(0)) w.reject(this.#dead);
    };
    this.#child.once('error', die);
    this.#child.once('exit', (code, signal) => die(new HelperDiedError(`the ${name} helper exited (${signal ?? code})`)));
    this.#child.stdin!.on('error', () => {});
    this.#idle();
  }

  get alive(): boolean {
    return this.#dead === undefined;
  }

  async ask(request: string): Promise<string> {
    if (this.#dead) throw this.#dead;
    const answer = new Promise<string>((resolve, reject) => this.#waiting.push({ resolve, reject }));
    this.#busy();
    try {
      this.#child.stdin!.write(request);
      return await answer;
    } finally {
      if (this.#waiting.length === 0) this.#idle();
    }
  }

  close(): void {
    this.#child.kill();
  }

  #idle(): void {
    this.#child.unref();
    (this.#child.stdout as { unref?: () => void }).unref?.();
    (this.#child.stdin as { unref?: () => void }).unref?.();
  }

  #busy(): void {
    this.#child.ref();
    (this.#child.stdout as { ref?: () => void }).ref?.();
    (this.#child.stdin as { ref?: () => void }).ref?.();
  }
}

export class PythonHelper {
  #child: Child | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  /** `script`: absolute path of the helper; `name`: what errors call it. */
  constructor(
    private readonly script: string,
    private readonly name: string,
  ) {}

  /** Sends `request` (whole lines) and resolves with the one answer line; one request at a time. */
  ask(request: string): Promise<string> {
    const run = this.#queue.then(() => {
      if (!this.#child?.alive) this.#child = new Child(this.script, this.name);
      return this.#child.ask(request);
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  close(): void {
    this.#child?.close();
    this.#child = undefined;
  }
}

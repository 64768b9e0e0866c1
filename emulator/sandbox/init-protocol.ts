// The pipe protocol between the emulator and the session init (session-init.py), one message per line.
//
// Emulator → init: space-separated tokens, the op first, then integers or base64 of UTF-8 text, in a fixed order per
// op. Not JSON on purpose: Python's json module pulls in `re` and `enum`, which is about a third of the init's start-up,
// and every resume pays that start-up before its first command.
// Init → emulator: JSON lines (the init formats them itself; every value is an integer, null, or ASCII without quotes).
export type InitRequest =
  | { op: 'run'; id: number; command: string; cwd: string; env: Record<string, string> }
  | { op: 'kill'; id: number }
  | { op: 'connect'; id: number; port: number }
  /** `data` is already base64. */
  | { op: 'send'; id: number; data: string }
  | { op: 'close'; id: number };

export type InitMessage =
  | { op: 'ready' }
  | { op: 'out'; id: number; fd: 1 | 2; data: string }
  /** `signal`: the number of the signal that killed the command, or null when it exited. */
  | { op: 'exit'; id: number; code: number | null; signal: number | null }
  | { op: 'recv'; id: number; data: string }
  | { op: 'closed'; id: number; error: string | null };

const text = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

function int(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`init protocol: not a non-negative integer: ${n}`);
  return String(n);
}

export function encodeInitRequest(m: InitRequest): string {
  switch (m.op) {
    case 'run':
      return ['run', int(m.id), text(m.command), text(m.cwd), ...Object.entries(m.env).flatMap(([k, v]) => [text(k), text(v)])].join(' ');
    case 'connect':
      return `connect ${int(m.id)} ${int(m.port)}`;
    case 'send':
      return `send ${int(m.id)} ${m.data}`;
    case 'kill':
    case 'close':
      return `${m.op} ${int(m.id)}`;
  }
}

/** Shell convention: a command killed by signal N exits with 128+N. */
export const exitCodeOf = (code: number | null, signal: number | null): number => (code !== null ? code : 128 + (signal ?? 0));

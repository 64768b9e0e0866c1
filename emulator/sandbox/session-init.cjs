// The init of one session's compute, run by node *inside* the bubblewrap sandbox (plain CommonJS: no loader there).
// It plays the part of the microVM's command agent: the emulator sends JSON lines on stdin
//   {"op":"run","id":N,"command":"...","env":{...},"cwd":"/root"}   {"op":"kill","id":N}
// and receives JSON lines on stdout
//   {"op":"out","id":N,"fd":1|2,"data":"<base64>"}   {"op":"exit","id":N,"code":C,"signal":S|null}
// Each command is a fresh `bash -c` in its own process group. Processes it leaves in the background keep running
// until the session's compute stops, as on the real service.
'use strict';
const { spawn } = require('node:child_process');
const readline = require('node:readline');

/** After bash exits, wait this long for its pipes to drain before reporting the exit. Background children that keep
 * the pipes open must not hold the command's response open forever. */
const PIPE_GRACE_MS = 150;
const children = new Map();

function send(message) {
  process.stdout.write(JSON.stringify(message) + '\n');
}

function run({ id, command, env, cwd }) {
  let child;
  try {
    child = spawn('/bin/bash', ['-c', command], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    send({ op: 'exit', id, code: -1, signal: null, error: String(e && e.message) });
    return;
  }
  children.set(id, child);
  let reported = false;
  const report = (code, signal) => {
    if (reported) return;
    reported = true;
    children.delete(id);
    send({ op: 'exit', id, code, signal });
  };
  child.stdout.on('data', (d) => send({ op: 'out', id, fd: 1, data: d.toString('base64') }));
  child.stderr.on('data', (d) => send({ op: 'out', id, fd: 2, data: d.toString('base64') }));
  child.on('error', (e) => {
    send({ op: 'out', id, fd: 2, data: Buffer.from(`bash: ${e.message}\n`).toString('base64') });
    report(-1, null);
  });
  child.on('exit', (code, signal) => {
    const timer = setTimeout(() => {
      child.stdout.destroy();
      child.stderr.destroy();
      report(code, signal);
    }, PIPE_GRACE_MS);
    child.on('close', () => {
      clearTimeout(timer);
      report(code, signal);
    });
  });
}

function kill({ id }) {
  const child = children.get(id);
  if (!child) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  let message;
  try {
    message = JSON.parse(line);
  } catch {
    return;
  }
  if (message.op === 'run') run(message);
  else if (message.op === 'kill') kill(message);
});
// The emulator closing our stdin means the compute is being torn down.
process.stdin.on('end', () => process.exit(0));
send({ op: 'ready' });

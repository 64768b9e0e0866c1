// Pure: the command a Dockerfile's image runs (ENTRYPOINT + CMD), so a container-URI mapping can point at the same
// build context that is pushed to ECR and the two cannot drift apart. Only what decides the command is read; the
// build context itself is what the emulator shows at /app, so WORKDIR must be /app.
export const APP_WORKDIR = '/app';

type Form = { exec: string[] } | { shell: string };

function instructions(text: string): { keyword: string; rest: string }[] {
  const joined = text.replace(/\\\r?\n/g, ' ');
  return joined
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const m = /^(\S+)\s*(.*)$/.exec(l)!;
      return { keyword: m[1]!.toUpperCase(), rest: m[2]! };
    });
}

function form(rest: string, where: string): Form {
  if (!rest.startsWith('[')) return { shell: rest };
  let parsed: unknown;
  try {
    parsed = JSON.parse(rest);
  } catch {
    throw new Error(`${where}: not a valid JSON array: ${rest}`);
  }
  if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === 'string')) throw new Error(`${where}: expected an array of strings`);
  return { exec: parsed };
}

const argv = (f: Form): string[] => ('exec' in f ? f.exec : ['/bin/sh', '-c', f.shell]);

/** argv of the image's process, as Docker composes ENTRYPOINT and CMD (the last of each wins). */
export function dockerfileCommand(text: string, file = 'Dockerfile'): string[] {
  let entrypoint: Form | undefined;
  let cmd: Form | undefined;
  let workdir: string | undefined;
  for (const { keyword, rest } of instructions(text)) {
    if (keyword === 'FROM') {
      // A new stage starts from scratch; only the last stage is the image.
      entrypoint = cmd = workdir = undefined;
    } else if (keyword === 'ENTRYPOINT') entrypoint = form(rest, `${file} ENTRYPOINT`);
    else if (keyword === 'CMD') cmd = form(rest, `${file} CMD`);
    else if (keyword === 'WORKDIR') workdir = rest.replace(/\/+$/, '');
  }
  if (workdir !== APP_WORKDIR)
    throw new Error(`${file}: the emulator shows the build context at ${APP_WORKDIR}, so WORKDIR must be ${APP_WORKDIR} (found ${workdir ?? 'none'})`);
  // A shell-form ENTRYPOINT ignores CMD, as in Docker.
  const command = entrypoint ? ('shell' in entrypoint ? argv(entrypoint) : [...argv(entrypoint), ...(cmd ? argv(cmd) : [])]) : cmd ? argv(cmd) : [];
  if (command.length === 0) throw new Error(`${file}: has neither ENTRYPOINT nor CMD`);
  return command;
}

// The benchmark's workloads as pure shell-script builders. Each script times its own phases inside the sandbox with
// bash's $EPOCHREALTIME (a builtin: no fork) and prints one line per phase, `@phase <name> <microseconds>`, plus
// `@count <name> <n>` lines the runner checks, so a workload that silently did less work cannot look fast.

export interface SmallFilesOptions {
  files: number;
  dirs: number;
  bytes: number;
}

export const SMALL_FILES: SmallFilesOptions = { files: 10_000, dirs: 100, bytes: 1024 };
export const SEQ_MIB = 100;
export const GIT_REPO_FILES = 3_000;
/** Where the run's source repository for the clone workload lives (in the session's /tmp, built once per run). */
export const GIT_SOURCE = '/tmp/ssc-bench-src';

export const SMALL_FILE_PHASES = ['create', 'walk', 'read', 'delete'] as const;

/** Single-quotes a string for bash. */
export function shq(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

const PRELUDE = [
  'set -euo pipefail',
  'now() { local t=$EPOCHREALTIME; echo "${t/./}"; }',
  'phase() { echo "@phase $1 $(( $3 - $2 ))"; }',
];

/** Bash that creates `files` files of `bytes` bytes spread over `dirs` directories under "$d" (bash builtins only). */
function createTree({ files, dirs, bytes }: SmallFilesOptions): string[] {
  const perDir = Math.ceil(files / dirs);
  return [
    `printf -v s '%*s' ${bytes} ''; s=\${s// /x}`,
    `mkdir -p "$d"/d{0..${dirs - 1}}`,
    `n=0; for ((i=0; i<${dirs}; i++)); do for ((j=0; j<${perDir} && n<${files}; j++, n++)); do printf '%s' "$s" > "$d/d$i/f$j"; done; done`,
  ];
}

/**
 * Small files under `root`: create, walk+stat (find printing size and mode of every entry), read all (cat), delete
 * (rm -rf). Prints the four phases and the counts seen by walk (files) and read (bytes).
 */
export function smallFilesScript(root: string, o: SmallFilesOptions = SMALL_FILES): string {
  return [
    ...PRELUDE,
    `d=${shq(root)}`,
    'rm -rf "$d"',
    't0=$(now)',
    ...createTree(o),
    't1=$(now)',
    `files=$(find "$d" -type f -printf '%s %m\\n' | wc -l)`,
    't2=$(now)',
    `bytes=$(find "$d" -type f -exec cat -- {} + | wc -c)`,
    't3=$(now)',
    'rm -rf "$d"',
    't4=$(now)',
    'phase create $t0 $t1; phase walk $t1 $t2; phase read $t2 $t3; phase delete $t3 $t4',
    'echo "@count files $files"; echo "@count bytes $bytes"',
  ].join('\n');
}

/** Only the create part of the small-files workload, untimed: fills a workspace for the stop→resume measurement. */
export function populateScript(root: string, o: SmallFilesOptions = SMALL_FILES): string {
  return [...PRELUDE, `d=${shq(root)}`, 'rm -rf "$d"', ...createTree(o), `echo "@count files $(find "$d" -type f | wc -l)"`].join('\n');
}

/** Counts the regular files under `root` (to check a workspace survived stop→resume). */
export function countFilesScript(root: string): string {
  return `echo "@count files $(find ${shq(root)} -type f | wc -l)"`;
}

/** `mib` MiB sequential write with fsync (dd bs=1M conv=fsync), then read back to /dev/null; the file is removed. */
export function sequentialScript(root: string, mib: number = SEQ_MIB): string {
  return [
    ...PRELUDE,
    `d=${shq(root)}`,
    'mkdir -p "$d"; rm -f "$d/seq"',
    't0=$(now)',
    `dd if=/dev/zero of="$d/seq" bs=1M count=${mib} conv=fsync status=none`,
    't1=$(now)',
    'dd if="$d/seq" of=/dev/null bs=1M status=none',
    't2=$(now)',
    `echo "@count bytes $(stat -c %s "$d/seq")"`,
    'rm -f "$d/seq"',
    'phase write $t0 $t1; phase read $t1 $t2',
  ].join('\n');
}

/**
 * A git repository of `files` files (nested a/b/, distinct contents of 0.5–2 KiB) with one commit, repacked like a
 * real clone source. Built once per run in the session's /tmp.
 */
export function gitSourceScript(src: string = GIT_SOURCE, files: number = GIT_REPO_FILES): string {
  const top = 10;
  const mid = 10;
  const per = Math.ceil(files / (top * mid));
  return [
    'set -euo pipefail',
    `src=${shq(src)}`,
    'rm -rf "$src"; mkdir -p "$src"; cd "$src"; git init -q .',
    `printf -v line '%*s' 60 ''; line=\${line// /=}`,
    `n=0; for ((a=0; a<${top}; a++)); do for ((b=0; b<${mid}; b++)); do mkdir -p "src/m$a/p$b"`,
    `  for ((f=0; f<${per} && n<${files}; f++, n++)); do`,
    '    body="// file $n in m$a/p$b"$\'\\n\'; for ((k=0; k<8+n%24; k++)); do body+="const v$k = $((n*31+k)); // $line"$\'\\n\'; done',
    '    printf \'%s\' "$body" > "src/m$a/p$b/f$f.ts"',
    '  done; done; done',
    'git add -A && git -c user.name=bench -c user.email=bench@example.invalid commit -q -m "bench source"',
    'git repack -adq',
    `echo "@count files $(git ls-files | wc -l)"`,
  ].join('\n');
}

/** `git clone --no-hardlinks` of the local source into `dest` (timed), then the clone is removed (untimed). */
export function gitCloneScript(dest: string, src: string = GIT_SOURCE): string {
  return [
    ...PRELUDE,
    `dest=${shq(dest)}`,
    'rm -rf "$dest"; mkdir -p "$(dirname "$dest")"',
    't0=$(now)',
    `git clone -q --no-hardlinks ${shq(src)} "$dest"`,
    't1=$(now)',
    `echo "@count files $(find "$dest" -path "$dest/.git" -prune -o -type f -print | wc -l)"`,
    'rm -rf "$dest"',
    'phase clone $t0 $t1',
  ].join('\n');
}

export interface ScriptOutput {
  /** Phase durations in milliseconds. */
  phases: Record<string, number>;
  counts: Record<string, number>;
}

/** Parses the `@phase` / `@count` lines of a workload's stdout (other lines are ignored). */
export function parseScriptOutput(stdout: string): ScriptOutput {
  const phases: Record<string, number> = {};
  const counts: Record<string, number> = {};
  for (const line of stdout.split('\n')) {
    const m = /^@(phase|count) (\S+) (-?\d+)$/.exec(line.trim());
    if (!m) continue;
    if (m[1] === 'phase') phases[m[2]!] = Number(m[3]) / 1000;
    else counts[m[2]!] = Number(m[3]);
  }
  return { phases, counts };
}

// The mounts of this process's mount namespace, from /proc/self/mountinfo.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

export interface MountEntry {
  /** Where it is mounted (octal escapes such as \040 decoded). */
  point: string;
  /** The filesystem type, e.g. `fuse.sessionfs`. */
  type: string;
  /** The per-mount options, e.g. `rw,noatime`. */
  options: string[];
}

const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

export const readMounts = async (): Promise<MountEntry[]> => parseMounts(await readFile('/proc/self/mountinfo', 'utf8'));

/** For what must finish before the process exits (a second Ctrl-C: abandon.ts). */
export const readMountsSync = (): MountEntry[] => parseMounts(readFileSync('/proc/self/mountinfo', 'utf8'));

/** Pure: the entries of a /proc/<pid>/mountinfo text. */
function parseMounts(info: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of info.split('\n')) {
    const [left, right] = line.split(' - ');
    if (!left || !right) continue;
    const fields = left.split(' ');
    const point = fields[4];
    if (point === undefined) continue;
    out.push({ point: unescape(point), type: right.split(' ')[0] ?? '', options: (fields[5] ?? '').split(',') });
  }
  return out;
}

/** Whether `p` is `root` or below it. */
export const isAtOrUnder = (p: string, root: string): boolean => p === root || p.startsWith(`${root}/`);

// The FS-bound small-file workload: ONE python3 process creates, stats, reads and deletes many small files, so the
// filesystem is the bottleneck and not process start-up (the process-per-file workload in workloads.ts measures
// forks as much as files). It uses the system calls C tools make (os.open/os.write/os.close, scandir + lstat,
// os.read, os.unlink), not Python's buffered open(), whose isatty() probe is one ioctl more per open: FUSE forwards
// every ioctl to the server (the kernel caches no answer for it), so Python's open() would measure Python.
// Output is the `@phase`/`@count` lines of workloads.ts (times in microseconds, from time.perf_counter_ns).
import { shq } from './workloads.ts';

export interface FsBoundOptions {
  files: number;
  dirs: number;
  bytes: number;
}

export const FS_BOUND: FsBoundOptions = { files: 10_000, dirs: 50, bytes: 1024 };
export const FS_BOUND_PHASES = ['create', 'stat', 'read', 'delete'] as const;

const PROGRAM = String.raw`
import os, sys, time
root, files, dirs, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
data = b'x' * size
paths = [f'{root}/d{i % dirs}/f{i}' for i in range(files)]
def phase(name, t0): print(f'@phase {name} {(time.perf_counter_ns() - t0) // 1000}')
os.makedirs(root)
t0 = time.perf_counter_ns()
for d in range(dirs): os.mkdir(f'{root}/d{d}')
for p in paths:
    fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    os.write(fd, data)
    os.close(fd)
phase('create', t0)
t0 = time.perf_counter_ns(); seen = 0
for d in range(dirs):
    with os.scandir(f'{root}/d{d}') as it:
        for e in it:
            if e.stat(follow_symlinks=False).st_size == size: seen += 1
phase('stat', t0)
t0 = time.perf_counter_ns(); total = 0
for p in paths:
    fd = os.open(p, os.O_RDONLY)
    while True:
        b = os.read(fd, 65536)
        if not b: break
        total += len(b)
    os.close(fd)
phase('read', t0)
t0 = time.perf_counter_ns()
for p in paths: os.unlink(p)
for d in range(dirs): os.rmdir(f'{root}/d{d}')
os.rmdir(root)
phase('delete', t0)
print(f'@count files {seen}'); print(f'@count bytes {total}')
`;

/** The workload under `root` (removed first; gone at the end). */
export function fsBoundScript(root: string, o: FsBoundOptions = FS_BOUND): string {
  return [
    'set -euo pipefail',
    `rm -rf ${shq(root)}; mkdir -p "$(dirname ${shq(root)})"`,
    `python3 -c ${shq(PROGRAM)} ${shq(root)} ${o.files} ${o.dirs} ${o.bytes}`,
  ].join('\n');
}

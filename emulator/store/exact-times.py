# Sets access and modification times to the nanosecond, which Node cannot (its utimes takes a double of seconds and
# keeps microseconds at best). Requests arrive on stdin one batch at a time: a line with the count N, then N lines
# "<atime ns> <mtime ns> <path as hex>". The answer is one line listing the failures as "<index>:<errno>" separated by
# spaces (empty: every time set). A symlink's own times are set, never its target's. Built-in modules only.
import os
import sys

requests = sys.stdin.buffer
answers = sys.stdout.buffer
while True:
    head = requests.readline()
    if not head:
        break
    failed = []
    for i in range(int(head)):
        atime, mtime, path = requests.readline().split()
        try:
            os.utime(bytes.fromhex(path.decode()), ns=(int(atime), int(mtime)), follow_symlinks=False)
        except OSError as e:
            failed.append(b'%d:%d' % (i, e.errno))
    answers.write(b' '.join(failed) + b'\n')
    answers.flush()

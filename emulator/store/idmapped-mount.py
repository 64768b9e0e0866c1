# Mounts a directory read-only and id-mapped (mount_setattr(2) with MOUNT_ATTR_IDMAP): on-disk id i shows as host id
# base + i, for 65,536 ids, which is how a session's user namespace maps its ids. Neither Node nor Debian 12's mount(8)
# can make one. Requests arrive on stdin one per line: "<base> <source as hex> <target as hex>"; the answer is one
# line, empty when mounted, else "<errno> <what failed>". Built-in modules only.
import ctypes
import os
import struct
import sys

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
# Generic syscall numbers (the same on every architecture since 5.x's unified table).
SYS_OPEN_TREE, SYS_MOVE_MOUNT, SYS_MOUNT_SETATTR = 428, 429, 442
AT_FDCWD, AT_EMPTY_PATH = -100, 0x1000
OPEN_TREE_CLONE, OPEN_TREE_CLOEXEC = 1, 0o2000000
MOUNT_ATTR_RDONLY, MOUNT_ATTR_NOSUID, MOUNT_ATTR_NODEV, MOUNT_ATTR_NOATIME, MOUNT_ATTR_IDMAP = 0x1, 0x2, 0x4, 0x10, 0x100000
MOUNT_ATTR__ATIME = 0x70  # the atime field: cleared before noatime is set
MOVE_MOUNT_F_EMPTY_PATH = 0x4
CLONE_NEWUSER = 0x10000000
IDS = 65536


def check(result, what):
    if result < 0:
        raise OSError(ctypes.get_errno(), what)
    return result


def user_namespace(base):
    """A user namespace mapping inside 0.. to base.. (uids and gids), as an fd; its only process is gone."""
    ready_r, ready_w = os.pipe()
    done_r, done_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(ready_r)
            os.close(done_w)
            if libc.unshare(CLONE_NEWUSER) != 0:
                os._exit(1)
            os.write(ready_w, b'.')
            os.read(done_r, 1)
        finally:
            os._exit(0)
    os.close(ready_w)
    os.close(done_r)
    try:
        if os.read(ready_r, 1) != b'.':
            raise OSError(1, 'unshare of a user namespace')
        for name in ('uid_map', 'gid_map'):
            with open('/proc/%d/%s' % (pid, name), 'w') as f:
                f.write('0 %d %d\n' % (base, IDS))
        return os.open('/proc/%d/ns/user' % pid, os.O_RDONLY | os.O_CLOEXEC)
    finally:
        os.close(ready_r)
        os.close(done_w)
        os.waitpid(pid, 0)


# A namespace per range base, kept: ranges are reused, and making one (a fork) is most of a mount's cost.
namespaces = {}


def idmapped_mount(base, source, target):
    ns = namespaces.get(base)
    if ns is None:
        ns = namespaces[base] = user_namespace(base)
    tree = -1
    try:
        tree = check(libc.syscall(SYS_OPEN_TREE, AT_FDCWD, source, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC), 'open_tree')
        flags = MOUNT_ATTR_IDMAP | MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOATIME
        attr = struct.pack('QQQQ', flags, MOUNT_ATTR__ATIME, 0, ns)
        check(libc.syscall(SYS_MOUNT_SETATTR, tree, b'', AT_EMPTY_PATH, attr, len(attr)), 'mount_setattr')
        check(libc.syscall(SYS_MOVE_MOUNT, tree, b'', AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH), 'move_mount')
    finally:
        if tree >= 0:
            os.close(tree)


requests = sys.stdin.buffer
answers = sys.stdout.buffer
for line in requests:
    base, source, target = line.split()
    try:
        idmapped_mount(int(base), bytes.fromhex(source.decode()), bytes.fromhex(target.decode()))
        answers.write(b'\n')
    except OSError as e:
        answers.write(b'%d %s\n' % (e.errno or 0, str(e.strerror or e).encode()))
    answers.flush()

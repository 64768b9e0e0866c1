# The mounts of a lazy resume, made by system calls in one long-lived process rather than a mount(8) or umount(8)
# process each (a resume and a stop make five). Requests arrive on stdin, one per line, paths as hex:
#   idmap <base> <source> <target>     <source> read-only and id-mapped at <target> (mount_setattr(2) with
#                                      MOUNT_ATTR_IDMAP): on-disk id i shows as host id base + i, for 65,536 ids, as a
#                                      session's user namespace maps them. Neither Node nor Debian 12's mount(8) can.
#   overlay <flags> <target> <data>    mount(2) of an overlay with these MS_* flags and options
#   umount <target>                    umount2(2); detached (lazily) if busy
# The answer is one line: empty when done, else "<errno> <what failed>". Built-in modules only.
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


libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
libc.umount2.argtypes = [ctypes.c_char_p, ctypes.c_int]
MNT_DETACH = 2
EBUSY = 16


def overlay(flags, target, data):
    check(libc.mount(b'overlay', target, b'overlay', flags, data), 'mount')


def umount(target):
    if libc.umount2(target, 0) != 0:
        if ctypes.get_errno() != EBUSY:
            raise OSError(ctypes.get_errno(), 'umount2')
        check(libc.umount2(target, MNT_DETACH), 'umount2 (detach)')


def hexed(word):
    return bytes.fromhex(word.decode())


requests = sys.stdin.buffer
answers = sys.stdout.buffer
for line in requests:
    words = line.split()
    try:
        if words[0] == b'idmap':
            idmapped_mount(int(words[1]), hexed(words[2]), hexed(words[3]))
        elif words[0] == b'overlay':
            overlay(int(words[1]), hexed(words[2]), hexed(words[3]))
        elif words[0] == b'umount':
            umount(hexed(words[1]))
        else:
            raise OSError(22, 'unknown request')
        answers.write(b'\n')
    except OSError as e:
        answers.write(b'%d %s\n' % (e.errno or 0, str(e.strerror or e).encode()))
    answers.flush()

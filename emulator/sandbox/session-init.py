# The init of one session's compute, run by python3 inside the bubblewrap sandbox (standard library only).
# It plays the part of the microVM's command agent. The emulator sends lines of space-separated tokens (integers, or
# base64 of UTF-8 text; see init-protocol.ts):
#   run ID COMMAND CWD [KEY VALUE]...   kill ID
# and receives JSON lines
#   {"op":"out","id":N,"fd":1|2,"data":"<base64>"}   {"op":"exit","id":N,"code":C|null,"signal":S|null}
# and, for InvokeAgentRuntime, a TCP tunnel to a port inside the session's own network namespace (the agent's 8080):
#   connect ID PORT   send ID DATA(base64)   close ID
#   → {"op":"recv","id":N,"data":"<base64>"}   {"op":"closed","id":N,"error":null|"ECONNREFUSED"...}
# Each command is a fresh `bash -c` in its own session and process group. Processes it leaves in the background keep
# running until the session's compute stops, as on the real service.
# Start-up is on every resume's path, so the init imports only built-in modules: no json, subprocess, selectors,
# signal or base64 (they pull in re and enum, which would double the start-up). Python rather than Node: it starts
# in a fraction of the time.
import _signal, binascii, errno, os, select, sys, time

# Every descriptor but stdin, stdout and stderr goes before anything else opens one: bubblewrap passes on what it
# inherited (its user-namespace socket to the emulator; whatever the emulator's own parent left open), and each
# command and agent would inherit it from here.
os.closerange(3, 1 << 20)

PIPE_GRACE = 0.15  # after bash exits, how long its pipes may stay open (background children holding them)
SIGKILL = _signal.SIGKILL
EVENT_READ = select.EPOLLIN | select.EPOLLHUP | select.EPOLLERR
EVENT_WRITE = select.EPOLLOUT
poller = select.epoll()
handlers = {}  # fd -> ("stdin",) | ("cmd", id, 1|2) | ("conn", id)
children = {}  # id -> {"pid", "fds": {fd: 1|2}, "rc": exit status or None, "exited_at"}


def b64(data):
    return binascii.b2a_base64(data, newline=False).decode('ascii')


def text(token):
    return binascii.a2b_base64(token).decode('utf-8', 'surrogateescape')


def jstr(value):
    # Every string the init sends is ASCII without quotes or backslashes (base64, errno names), or null.
    return 'null' if value is None else '"%s"' % value


def send(line):
    sys.stdout.write(line + '\n')
    sys.stdout.flush()


def out(cid, fd, data):
    send('{"op":"out","id":%d,"fd":%d,"data":"%s"}' % (cid, fd, b64(data)))


def watch(fd, handler, events=EVENT_READ):
    handlers[fd] = handler
    poller.register(fd, events)


def unwatch(fd):
    if handlers.pop(fd, None) is not None:
        poller.unregister(fd)


def finish(cid):
    c = children.pop(cid, None)
    if c is None:
        return
    for fd in list(c['fds']):
        unwatch(fd)
        os.close(fd)
    rc = c['rc'] if c['rc'] is not None else os.waitstatus_to_exitcode(os.waitpid(c['pid'], 0)[1])
    if rc < 0:
        send('{"op":"exit","id":%d,"code":null,"signal":%d}' % (cid, -rc))
    else:
        send('{"op":"exit","id":%d,"code":%d,"signal":null}' % (cid, rc))


def run(cid, command, cwd, env):
    r1, w1 = os.pipe()
    r2, w2 = os.pipe()
    # Closed by the exec (pipes are close-on-exec): reading it to the end waits until bash runs in its own process
    # group, so a kill that follows can find the group, and carries the error if the exec failed.
    rp, wp = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            # Python ignores SIGPIPE (and SIGXFSZ); a shell must start with the defaults, as subprocess would restore.
            for sig in (_signal.SIGPIPE, _signal.SIGXFSZ):
                _signal.signal(sig, _signal.SIG_DFL)
            os.setsid()
            os.chdir(cwd)
            devnull = os.open('/dev/null', os.O_RDONLY)
            os.dup2(devnull, 0)
            os.dup2(w1, 1)
            os.dup2(w2, 2)
            os.execve('/bin/bash', ['/bin/bash', '-c', command], env)
        except BaseException as e:
            os.write(wp, str(e).encode())
        finally:
            os._exit(127)
    for fd in (w1, w2, wp):
        os.close(fd)
    error = b''
    while True:
        chunk = os.read(rp, 4096)
        if not chunk:
            break
        error += chunk
    os.close(rp)
    if error:
        os.close(r1)
        os.close(r2)
        os.waitpid(pid, 0)
        out(cid, 2, b'bash: ' + error + b'\n')
        send('{"op":"exit","id":%d,"code":-1,"signal":null}' % cid)
        return
    children[cid] = {'pid': pid, 'fds': {r1: 1, r2: 2}, 'rc': None, 'exited_at': None}
    watch(r1, ('cmd', cid, 1))
    watch(r2, ('cmd', cid, 2))


conns = {}  # id -> {"sock", "out": bytearray of bytes not yet written, "connected": bool}


def errname(code):
    return errno.errorcode.get(code, 'EIO') if code else 'EIO'


def conn_closed(cid, error=None):
    c = conns.pop(cid, None)
    if c is None:
        return
    unwatch(c['sock'].fileno())
    c['sock'].close()
    send('{"op":"closed","id":%d,"error":%s}' % (cid, jstr(error)))


def conn_events(c):
    return EVENT_READ | (EVENT_WRITE if c['out'] or not c['connected'] else 0)


def connect(cid, port):
    # Non-blocking throughout: a slow or stuck agent must never stall the commands this init also serves.
    # socket is imported here, not at start: it costs milliseconds that every resume would pay.
    import socket
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setblocking(False)
    rc = s.connect_ex(('127.0.0.1', port))
    if rc not in (0, errno.EINPROGRESS):
        s.close()
        send('{"op":"closed","id":%d,"error":%s}' % (cid, jstr(errname(rc))))
        return
    c = conns[cid] = {'sock': s, 'out': bytearray(), 'connected': False}
    watch(s.fileno(), ('conn', cid), conn_events(c))


def conn_send(cid, data):
    c = conns.get(cid)
    if c:
        c['out'] += data
        poller.modify(c['sock'].fileno(), conn_events(c))


def conn_ready(cid, mask):
    c = conns.get(cid)
    if c is None:
        return
    if not c['connected'] and mask & (EVENT_WRITE | select.EPOLLERR | select.EPOLLHUP):
        import socket
        rc = c['sock'].getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if rc:
            return conn_closed(cid, errname(rc))
        c['connected'] = True
    try:
        if mask & EVENT_READ:
            data = c['sock'].recv(65536)
            if not data:
                return conn_closed(cid)
            send('{"op":"recv","id":%d,"data":"%s"}' % (cid, b64(data)))
        if c['out'] and c['connected']:
            del c['out'][:c['sock'].send(c['out'])]
    except BlockingIOError:
        pass
    except OSError as e:
        return conn_closed(cid, errname(e.errno))
    poller.modify(c['sock'].fileno(), conn_events(c))


def kill(cid):
    c = children.get(cid)
    if c:
        try:
            os.killpg(c['pid'], SIGKILL)
        except ProcessLookupError:
            pass


def request(line):
    t = line.split(b' ')
    op, cid = t[0], int(t[1])
    if op == b'run':
        env = {text(t[i]): text(t[i + 1]) for i in range(4, len(t) - 1, 2)}
        run(cid, text(t[2]), text(t[3]), env)
    elif op == b'kill':
        kill(cid)
    elif op == b'connect':
        connect(cid, int(t[2]))
    elif op == b'send':
        conn_send(cid, binascii.a2b_base64(t[2]))
    elif op == b'close':
        conn_closed(cid)


def command_output(cid, fd, stream):
    data = os.read(fd, 65536)
    if data:
        out(cid, stream, data)
        return
    unwatch(fd)
    c = children.get(cid)
    if c:
        os.close(fd)
        del c['fds'][fd]
        if not c['fds']:
            finish(cid)


def reap(now):
    # Our children only: background processes a command leaves are reparented to the sandbox's pid 1, not to us.
    for cid, c in list(children.items()):
        if c['rc'] is None:
            pid, status = os.waitpid(c['pid'], os.WNOHANG)
            if pid:
                c['rc'] = os.waitstatus_to_exitcode(status)
                c['exited_at'] = now
        elif now - c['exited_at'] >= PIPE_GRACE:
            finish(cid)


stdin_buffer = b''
watch(0, ('stdin',))
send('{"op":"ready"}')
while True:
    for fd, mask in poller.poll(0.05):
        h = handlers.get(fd)
        if h is None:
            continue
        if h[0] == 'stdin':
            chunk = os.read(0, 65536)
            if not chunk:
                sys.exit(0)  # the emulator closed our stdin: the compute is being torn down
            stdin_buffer += chunk
            while b'\n' in stdin_buffer:
                line, stdin_buffer = stdin_buffer.split(b'\n', 1)
                try:
                    request(line)
                except (ValueError, IndexError, binascii.Error):
                    continue
        elif h[0] == 'conn':
            conn_ready(h[1], mask)
        else:
            command_output(h[1], fd, h[2])
    reap(time.monotonic())

# The init of one session's compute, run by python3 inside the bubblewrap sandbox (standard library only).
# It plays the part of the microVM's command agent: the emulator sends JSON lines on stdin
#   {"op":"run","id":N,"command":"...","env":{...},"cwd":"/root"}   {"op":"kill","id":N}
# and receives JSON lines on stdout
#   {"op":"out","id":N,"fd":1|2,"data":"<base64>"}   {"op":"exit","id":N,"code":C,"signal":S|null}
# and, for InvokeAgentRuntime, a TCP tunnel to a port inside the session's own network namespace (the agent's 8080):
#   {"op":"connect","id":N,"port":P}   {"op":"send","id":N,"data":"<base64>"}   {"op":"close","id":N}
#   → {"op":"recv","id":N,"data":"<base64>"}   {"op":"closed","id":N,"error":null|"ECONNREFUSED"...}
# Each command is a fresh `bash -c` in its own process group. Processes it leaves in the background keep running
# until the session's compute stops, as on the real service. Python rather than Node: it starts in a fraction of
# the time, which a resume pays for.
import base64, errno, json, os, selectors, signal, subprocess, sys, time

PIPE_GRACE = 0.15  # after bash exits, how long its pipes may stay open (background children holding them)
SIGNAL_NAMES = {getattr(signal, n): n for n in dir(signal) if n.startswith('SIG') and not n.startswith('SIG_')}
sel = selectors.DefaultSelector()
children = {}  # id -> {"proc", "open": set of fds, "exited_at"}


def send(message):
    sys.stdout.write(json.dumps(message) + '\n')
    sys.stdout.flush()


def finish(cid):
    c = children.pop(cid, None)
    if c is None:
        return
    for stream in (c['proc'].stdout, c['proc'].stderr):
        try:
            sel.unregister(stream)
        except (KeyError, ValueError):
            pass
        stream.close()
    rc = c['proc'].wait()
    if rc < 0:
        send({'op': 'exit', 'id': cid, 'code': None, 'signal': SIGNAL_NAMES.get(-rc, 'SIGKILL')})
    else:
        send({'op': 'exit', 'id': cid, 'code': rc, 'signal': None})


def run(m):
    cid = m['id']
    try:
        proc = subprocess.Popen(['/bin/bash', '-c', m['command']], cwd=m.get('cwd'), env=m.get('env'), stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    except OSError as e:
        send({'op': 'out', 'id': cid, 'fd': 2, 'data': base64.b64encode(('bash: %s\n' % e).encode()).decode()})
        send({'op': 'exit', 'id': cid, 'code': -1, 'signal': None})
        return
    children[cid] = {'proc': proc, 'open': 2, 'exited_at': None}
    sel.register(proc.stdout, selectors.EVENT_READ, (cid, 1))
    sel.register(proc.stderr, selectors.EVENT_READ, (cid, 2))


conns = {}  # id -> {"sock", "out": bytearray of bytes not yet written, "connected": bool}


def conn_closed(cid, error=None):
    c = conns.pop(cid, None)
    if c is None:
        return
    try:
        sel.unregister(c['sock'])
    except (KeyError, ValueError):
        pass
    c['sock'].close()
    send({'op': 'closed', 'id': cid, 'error': error})


def conn_events(c):
    return selectors.EVENT_READ | (selectors.EVENT_WRITE if c['out'] or not c['connected'] else 0)


def connect(m):
    # Non-blocking throughout: a slow or stuck agent must never stall the commands this init also serves.
    # socket is imported here, not at start: it costs milliseconds that every resume would pay.
    import socket
    cid = m['id']
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setblocking(False)
    rc = s.connect_ex(('127.0.0.1', int(m['port'])))
    if rc not in (0, errno.EINPROGRESS):
        s.close()
        send({'op': 'closed', 'id': cid, 'error': errno.errorcode.get(rc, str(rc))})
        return
    c = conns[cid] = {'sock': s, 'out': bytearray(), 'connected': False}
    sel.register(s, conn_events(c), ('conn', cid))


def conn_send(m):
    c = conns.get(m['id'])
    if c:
        c['out'] += base64.b64decode(m['data'])
        sel.modify(c['sock'], conn_events(c), ('conn', m['id']))


def conn_ready(cid, mask):
    c = conns.get(cid)
    if c is None:
        return
    if not c['connected'] and mask & selectors.EVENT_WRITE:
        import socket
        rc = c['sock'].getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if rc:
            return conn_closed(cid, errno.errorcode.get(rc, str(rc)))
        c['connected'] = True
    try:
        if mask & selectors.EVENT_READ:
            data = c['sock'].recv(65536)
            if not data:
                return conn_closed(cid)
            send({'op': 'recv', 'id': cid, 'data': base64.b64encode(data).decode()})
        if c['out'] and c['connected']:
            del c['out'][:c['sock'].send(c['out'])]
    except BlockingIOError:
        pass
    except OSError as e:
        return conn_closed(cid, errno.errorcode.get(e.errno, str(e)))
    sel.modify(c['sock'], conn_events(c), ('conn', cid))


def kill(m):
    c = children.get(m['id'])
    if c:
        try:
            os.killpg(c['proc'].pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


stdin_buffer = b''
sel.register(sys.stdin.buffer, selectors.EVENT_READ, None)
send({'op': 'ready'})
while True:
    for key, mask in sel.select(timeout=0.05):
        if key.data is None:
            chunk = os.read(sys.stdin.fileno(), 65536)
            if not chunk:
                sys.exit(0)  # the emulator closed our stdin: the compute is being torn down
            stdin_buffer += chunk
            while b'\n' in stdin_buffer:
                line, stdin_buffer = stdin_buffer.split(b'\n', 1)
                try:
                    m = json.loads(line)
                except ValueError:
                    continue
                if m.get('op') == 'run':
                    run(m)
                elif m.get('op') == 'kill':
                    kill(m)
                elif m.get('op') == 'connect':
                    connect(m)
                elif m.get('op') == 'send':
                    conn_send(m)
                elif m.get('op') == 'close':
                    conn_closed(m['id'])
            continue
        if key.data[0] == 'conn':
            conn_ready(key.data[1], mask)
            continue
        cid, fd = key.data
        data = os.read(key.fd, 65536)
        if data:
            send({'op': 'out', 'id': cid, 'fd': fd, 'data': base64.b64encode(data).decode()})
        else:
            sel.unregister(key.fileobj)
            c = children.get(cid)
            if c:
                c['open'] -= 1
                if c['open'] == 0:
                    finish(cid)
    now = time.monotonic()
    for cid, c in list(children.items()):
        if c['exited_at'] is None and c['proc'].poll() is not None:
            c['exited_at'] = now
        elif c['exited_at'] is not None and now - c['exited_at'] >= PIPE_GRACE:
            finish(cid)

// What the network tests need around a session: an HTTP server in a network namespace the test creates (reachable
// from the host through a veth pair, so a session reaches it only by connecting out through its own stack, and no
// packet leaves this machine), servers on the host, and the host processes of the sessions' network stacks.
import { execa } from 'execa';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';

const SERVE = `
import http.server, socket, sys, threading
token = sys.argv[1].encode()
def udp_echo():
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind((sys.argv[2], int(sys.argv[3])))
    while True:
        data, peer = u.recvfrom(2048)
        u.sendto(token + b' ' + data, peer)
threading.Thread(target=udp_echo, daemon=True).start()
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header('Content-Length', str(len(token)))
        self.end_headers()
        self.wfile.write(token)
    def log_message(self, *a):
        pass
s = http.server.ThreadingHTTPServer((sys.argv[2], int(sys.argv[3])), H)
print('listening', flush=True)
s.serve_forever()
`;

export interface TestNamespace {
  /** http://ADDR:PORT/ of the server in the namespace; answers every GET with `token`, and a UDP datagram to the same
   * address and port with `token` and the datagram. */
  readonly url: string;
  readonly token: string;
  /** The host's end of the veth pair: an address the host gained after the emulator started. */
  readonly hostAddress: string;
  close(): Promise<void>;
}

/** A namespace of the test's own (198.18.0.0/15, the benchmarking range) with an HTTP server in it. */
export async function startTestNamespace(): Promise<TestNamespace> {
  const token = `ssc-netns-${randomBytes(6).toString('hex')}`;
  const [a, b] = [randomBytes(1)[0]!, randomBytes(1)[0]! & 0xfc];
  const hostAddress = `198.19.${a}.${b + 1}`;
  const nsAddress = `198.19.${a}.${b + 2}`;
  const tag = randomBytes(3).toString('hex');
  const [hostIf, nsIf] = [`sscv${tag}h`, `sscv${tag}n`];
  const holder: ChildProcess = spawn('unshare', ['--net', '--', 'sh', '-c', `echo ready; read -r _; ip link set lo up; exec python3 -c "$0" ${token} ${nsAddress} 8089`, SERVE], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: holder.stdout! });
  const next = () => new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    holder.once('exit', (code) => reject(new Error(`the test namespace's holder exited (${code})`)));
  });
  const close = async () => {
    holder.kill('SIGKILL');
    await execa('ip', ['link', 'del', hostIf], { reject: false });
  };
  try {
    await next();
    const ns = `--net=/proc/${holder.pid}/ns/net`;
    await execa('ip', ['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf]);
    await execa('ip', ['link', 'set', nsIf, 'netns', String(holder.pid)]);
    await execa('ip', ['addr', 'add', `${hostAddress}/30`, 'dev', hostIf]);
    await execa('ip', ['link', 'set', hostIf, 'up']);
    await execa('nsenter', [ns, 'ip', 'addr', 'add', `${nsAddress}/30`, 'dev', nsIf]);
    await execa('nsenter', [ns, 'ip', 'link', 'set', nsIf, 'up']);
    const listening = next();
    holder.stdin!.write('go\n');
    await listening;
  } catch (e) {
    await close();
    throw e;
  }
  return { url: `http://${nsAddress}:8089/`, token, hostAddress, close };
}

/** An HTTP server on the host answering `token`, bound to `host` (127.0.0.1: the host's loopback; '::': everything). */
export async function startHostServer(host: string, token: string): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((_, res) => res.end(token));
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Every usable address of the host's interfaces, loopback included, IPv6 link-local with its zone (`fe80::1%eth0`).
 * Tentative ones (IPv6 duplicate detection still running, as on a veth just made) accept no connection yet.
 */
export async function everyHostAddress(): Promise<string[]> {
  const { stdout } = await execa('ip', ['-j', 'addr']);
  const out: string[] = [];
  for (const link of JSON.parse(stdout) as { ifname: string; addr_info: { local: string; scope: string; tentative?: boolean }[] }[])
    for (const a of link.addr_info) if (!a.tentative) out.push(a.scope === 'link' && a.local.includes(':') ? `${a.local}%${link.ifname}` : a.local);
  return out;
}

/** The host pids of the network stacks (namespace holders, slirp4netns) that `parent` started and that still run. */
export function networkProcesses(parent: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (ppid === parent && /ssc-netns-holder|slirp4netns/.test(cmdline) && !stat.includes(') Z ')) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Python run in a session: connects to each `host port` pair and prints `host port ok|ERRNAME`. */
export function connectScript(targets: readonly (readonly [string, number])[]): string {
  const list = JSON.stringify(targets);
  return `python3 - <<'PY'
import json, socket, errno
for host, port in json.loads(${JSON.stringify(list)}):
    try:
        info = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)[0]
        s = socket.socket(info[0], socket.SOCK_STREAM)
        s.settimeout(3)
        s.connect(info[4])
        s.sendall(b'GET / HTTP/1.0\\r\\n\\r\\n')
        print(host, port, 'ok', s.recv(200).decode('latin-1').split('\\r\\n\\r\\n')[-1])
    except socket.timeout:
        print(host, port, 'TIMEOUT')
    except OSError as e:
        print(host, port, errno.errorcode.get(e.errno, str(e)))
PY`;
}

// A backstop for the emulator's unauthenticated API. Each sandbox has its own network namespace, so a session cannot
// reach the host's loopback; should a session ever share a network with the host, a command could otherwise reach
// the emulator's port and drive other sessions. Every process of a session runs with an id of the session's range,
// all of them inside the pool's span (sessions/uid-pool.ts), and the kernel knows which uid owns each local socket,
// so a loopback connection whose client socket belongs to any id of that span is refused before a request is read.
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';

/** Hex port as it appears in /proc/net/tcp ("0100007F:1F90"). */
const hexPort = (port: number) => port.toString(16).toUpperCase().padStart(4, '0');

/**
 * Finds the uid owning the socket whose local port is `clientPort` and whose remote port is `serverPort`, in the text
 * of /proc/net/tcp or /proc/net/tcp6. Pure, for testing.
 */
export function findClientSocketUid(procNetTcp: string, clientPort: number, serverPort: number): number | undefined {
  const local = `:${hexPort(clientPort)}`;
  const remote = `:${hexPort(serverPort)}`;
  for (const line of procNetTcp.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 8) continue;
    if (cols[1]!.endsWith(local) && cols[2]!.endsWith(remote)) return Number(cols[7]);
  }
  return undefined;
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/** The uid that owns the client end of a loopback connection, or undefined for remote or unknown peers. */
export function loopbackPeerUid(socket: Socket): number | undefined {
  const { remoteAddress, remotePort, localPort } = socket;
  if (!remoteAddress || !remotePort || !localPort || !LOOPBACK.test(remoteAddress)) return undefined;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    try {
      const uid = findClientSocketUid(readFileSync(file, 'utf8'), remotePort, localPort);
      if (uid !== undefined) return uid;
    } catch {
      // no IPv6 table, for instance
    }
  }
  return undefined;
}

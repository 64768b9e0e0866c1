// Sandboxes share the host network (so npm and pip work, as in the real microVM), which means a command could
// reach the emulator's own port on loopback and drive other sessions through the unauthenticated API. Every
// session runs under a host uid from a known range, and the kernel knows which uid owns each local socket, so a
// loopback connection whose client socket belongs to a sandbox uid is refused before any request is read.
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

// Name resolution in a networked session. The sandbox shows the host's /etc, so its resolv.conf is the host's:
// names resolve through the host's resolver, as on the microVM, when that resolver is somewhere a session may
// connect to. A resolver on the host's loopback (systemd-resolved's 127.0.0.53, a local dnsmasq) or on one of the
// host's own addresses is out of reach by design (host-addresses.ts); then the session is given a resolv.conf that
// names slirp4netns's forwarder, which relays DNS, and only DNS, to the host's resolver.
import { lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isLoopbackAddress } from './host-addresses.ts';

/** slirp4netns's built-in DNS forwarder inside the session (10.0.2.0/24, the default network, + 3). */
export const SLIRP_DNS = '10.0.2.3';

/**
 * undefined: the host's resolv.conf works unchanged in the session. Otherwise the text to show at
 * /etc/resolv.conf: the forwarder first, the unreachable name servers dropped, search and options kept.
 */
export function sessionResolvConf(hostResolvConf: string, hostAddresses: readonly string[]): string | undefined {
  const lines = hostResolvConf.split('\n');
  const servers = lines.map((l) => /^\s*nameserver\s+(\S+)/.exec(l)?.[1]).filter((s): s is string => s !== undefined);
  const unreachable = (s: string) => isLoopbackAddress(s) || hostAddresses.includes(s.replace(/%.*$/, ''));
  if (servers.length > 0 && !servers.some(unreachable)) return undefined;
  const kept = lines.filter((l) => {
    const server = /^\s*nameserver\s+(\S+)/.exec(l)?.[1];
    return server === undefined ? l.trim() !== '' : !unreachable(server);
  });
  return [`nameserver ${SLIRP_DNS}`, ...kept].join('\n') + '\n';
}

const HOST_RESOLV_CONF = '/etc/resolv.conf';

/**
 * The host's resolv.conf and the path inside the sandbox where a replacement goes. The sandbox shows the host's /etc
 * read-only, so a replacement is bound over the file, or, when it is a symlink (systemd-resolved's
 * /run/systemd/resolve/stub-resolv.conf), over the file it names (bwrap cannot bind over a symlink; /run is the
 * sandbox's own). undefined: no resolv.conf on the host, or a symlink into /etc itself, which cannot be replaced.
 */
export function hostResolver(): { text: string; insidePath: string } | undefined {
  try {
    const text = readFileSync(HOST_RESOLV_CONF, 'utf8');
    if (!lstatSync(HOST_RESOLV_CONF).isSymbolicLink()) return { text, insidePath: HOST_RESOLV_CONF };
    const target = resolve(dirname(HOST_RESOLV_CONF), readlinkSync(HOST_RESOLV_CONF));
    return target.startsWith('/etc/') ? undefined : { text, insidePath: target };
  } catch {
    return undefined;
  }
}

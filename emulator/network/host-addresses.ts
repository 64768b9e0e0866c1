// The host's own addresses, which a session's network must not reach. slirp4netns connects out from the host's
// network namespace, so a connection to one of them from inside would arrive at the host's own services (the
// emulator's port included when it listens beyond loopback); --disable-host-loopback only hides slirp's 10.0.2.2
// alias for 127.0.0.1. Each address gets a blackhole route in the session's namespace instead (connect: EINVAL).
import { networkInterfaces } from 'node:os';

/**
 * Every address of the host's interfaces except the loopback ranges, which inside a namespace of its own name the
 * namespace's own loopback (blackholing them would break the session's agent on 127.0.0.1:8080). Sorted, unique.
 */
export function hostAddresses(interfaces = networkInterfaces()): string[] {
  const out = new Set<string>();
  for (const list of Object.values(interfaces)) {
    for (const a of list ?? []) {
      const address = a.address.replace(/%.*$/, '');
      if (!isLoopbackAddress(address)) out.add(address);
    }
  }
  return [...out].sort();
}

/** 127.0.0.0/8 and ::1 (also IPv4-mapped): inside a namespace of its own, its own loopback. */
export function isLoopbackAddress(address: string): boolean {
  return address === '::1' || /^127\./.test(address) || /^::ffff:127\./i.test(address);
}

/**
 * Destinations no session may reach whatever the host's addresses are: the link-local range, where cloud hosts serve
 * their instance metadata (169.254.169.254: the host's own credentials on EC2; 169.254.170.2 on ECS), and EC2's IPv6
 * metadata address.
 */
export const ALWAYS_BLACKHOLED = ['169.254.0.0/16', 'fd00:ec2::254/128'] as const;

/** `ip -batch` lines that blackhole each address, or prefix (replace: adding one twice is not an error). */
export function blackholeCommands(addresses: readonly string[]): string[] {
  return addresses.map((a) => `route replace blackhole ${a.includes('/') ? a : `${a}/${a.includes(':') ? 128 : 32}`}`);
}

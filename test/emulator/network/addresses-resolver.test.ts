// The pure parts of a session's network: which host addresses are blackholed, and when the session needs a
// resolv.conf of its own.
import { describe, expect, it } from 'vitest';
import { blackholeCommands, hostAddresses } from '../../../emulator/network/host-addresses.ts';
import { SLIRP_DNS, sessionResolvConf } from '../../../emulator/network/resolver.ts';

const iface = (address: string, family: 'IPv4' | 'IPv6', internal = false) =>
  ({ address, family, internal, netmask: '', mac: '', cidr: null, ...(family === 'IPv6' ? { scopeid: 0 } : {}) }) as never;

describe('hostAddresses', () => {
  it('lists every address of every interface but the loopback ranges, link-local ones without their zone', () => {
    const got = hostAddresses({
      lo: [iface('127.0.0.1', 'IPv4', true), iface('::1', 'IPv6', true), iface('192.0.2.77', 'IPv4', true)],
      eth0: [iface('192.0.2.2', 'IPv4'), iface('fd00::2', 'IPv6'), iface('fe80::1%eth0', 'IPv6')],
      eth1: [iface('192.0.2.2', 'IPv4'), iface('127.0.1.1', 'IPv4')],
    });
    // An address on lo that is not loopback (an anycast service) is the host's too.
    expect(got).toEqual(['192.0.2.2', '192.0.2.77', 'fd00::2', 'fe80::1']);
  });

  it('blackholes each as a host route of its family, idempotently', () => {
    expect(blackholeCommands(['192.0.2.2', 'fd00::2', '169.254.0.0/16'])).toEqual([
      'route replace blackhole 192.0.2.2/32',
      'route replace blackhole fd00::2/128',
      'route replace blackhole 169.254.0.0/16',
    ]);
  });
});

describe('sessionResolvConf', () => {
  const hosts = ['192.0.2.2'];
  it("keeps the host's file when its name servers are reachable from a session", () => {
    expect(sessionResolvConf('search example.org\nnameserver 10.255.255.53\n', hosts)).toBeUndefined();
  });

  it("names slirp4netns's forwarder when a name server is on the host's loopback or one of its addresses", () => {
    expect(sessionResolvConf('# stub\nnameserver 127.0.0.53\noptions edns0 trust-ad\nsearch .\n', hosts)).toBe(`nameserver ${SLIRP_DNS}\n# stub\noptions edns0 trust-ad\nsearch .\n`);
    expect(sessionResolvConf('nameserver 192.0.2.2\nnameserver 10.255.255.53\n', hosts)).toBe(`nameserver ${SLIRP_DNS}\nnameserver 10.255.255.53\n`);
    expect(sessionResolvConf('nameserver ::1\n', hosts)).toBe(`nameserver ${SLIRP_DNS}\n`);
  });

  it('names the forwarder when the host names no server at all (the resolver then defaults to the loopback)', () => {
    expect(sessionResolvConf('search example.org\n', hosts)).toBe(`nameserver ${SLIRP_DNS}\nsearch example.org\n`);
  });
});

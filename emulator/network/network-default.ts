// The operator's switch (`ssc emulator --network`, SSC_EMULATOR_NETWORK for npm test): what a session of a PUBLIC
// runtime gets. VPC runtimes' sessions are loopback-only either way: there is no VPC to join.
export const NETWORK_DEFAULTS = ['public', 'none'] as const;
export type NetworkDefault = (typeof NETWORK_DEFAULTS)[number];

/** The value, or an error message naming the choices; `what` names where it came from (a flag, a variable). */
export function parseNetworkDefault(raw: string, what: string): NetworkDefault | { error: string } {
  return (NETWORK_DEFAULTS as readonly string[]).includes(raw)
    ? (raw as NetworkDefault)
    : { error: `Expected ${what} to be one of ${NETWORK_DEFAULTS.join(', ')}, got '${raw}'` };
}

// Pure: which tests a run selects. Three tiers, each including the one before:
//   quick    — the core claims, minutes;
//   standard — every deterministic claim (the default);
//   full     — plus property runs and limit fills (1 GiB, 100,000 entries).
// A claim declares its tier in spec/claims.yaml (`tier:`, default standard); a test takes the lowest tier among its
// claims unless it declares its own (`conformanceTest(...)(name, { tier: 'full' }, fn)`, for heavy tests).

export const TIERS = ['quick', 'standard', 'full'] as const;
export type Tier = (typeof TIERS)[number];
const DEFAULT_TIER: Tier = 'standard';

const rank = (t: Tier) => TIERS.indexOf(t);

export function isTier(value: unknown): value is Tier {
  return typeof value === 'string' && (TIERS as readonly string[]).includes(value);
}

/** `SSC_TIER` (default standard), or an error naming the valid tiers. */
export function readTier(env: Readonly<Record<string, string | undefined>>): Tier {
  const raw = env.SSC_TIER;
  if (raw === undefined || raw === '') return DEFAULT_TIER;
  if (isTier(raw)) return raw;
  throw new Error(`SSC_TIER must be one of ${TIERS.join(', ')}, got '${raw}'`);
}

/** A test's tier: its own declaration, else the lowest tier of its claims, else the default. */
export function testTier(claimTiers: readonly (Tier | undefined)[], declared?: Tier): Tier {
  if (declared) return declared;
  const known = claimTiers.map((t) => t ?? DEFAULT_TIER);
  if (known.length === 0) return DEFAULT_TIER;
  return known.reduce((a, b) => (rank(b) < rank(a) ? b : a));
}

/** Whether a test of tier `test` runs when the run selected `selected`. */
export function inTier(test: Tier, selected: Tier): boolean {
  return rank(test) <= rank(selected);
}

/** Why a test is left out of this run, or undefined when it runs. */
export function tierExclusion(test: Tier, selected: Tier): string | undefined {
  return inTier(test, selected) ? undefined : `not in tier '${selected}': this test belongs to tier '${test}' (run with SSC_TIER=${test})`;
}

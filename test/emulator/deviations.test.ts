import { describe, expect, it } from 'vitest';
import { DEVIATIONS, parseDeviations } from '../../emulator/deviations.ts';

describe('parseDeviations', () => {
  it('accepts a comma-separated list of known names', () => {
    expect([...parseDeviations('no-persist-on-stop, shared-storage')]).toEqual(['no-persist-on-stop', 'shared-storage']);
    expect(parseDeviations(undefined).size).toBe(0);
  });
  it('rejects an unknown name and lists the valid ones', () => {
    expect(() => parseDeviations('no-such')).toThrow(/Unknown deviation 'no-such'. Valid deviations: .*no-persist-on-stop/);
  });
  it('names, for every deviation, the claim it breaks', () => {
    for (const d of Object.values(DEVIATIONS)) expect(d.breaks).toMatch(/^[a-z]+\/[a-z0-9-]+$/);
  });
});

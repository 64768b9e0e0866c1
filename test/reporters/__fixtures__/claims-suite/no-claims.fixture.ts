// Fixture for the case where no test carries claims: the reporter must write and print nothing.
import { expect, test } from 'vitest';

test('a plain unit test', () => {
  expect(1 + 1).toBe(2);
});

import { describe, expect, test } from 'vitest';
import { ERRNO, errnoAllowed, errnoLabel, errnoNames, parseErrno } from '../../spec/errno.ts';

describe('errno names and numbers', () => {
  test('numbers, including the kernel-internal ENOTSUPP', () => {
    expect(ERRNO.EPERM).toBe(1);
    expect(ERRNO.ENAMETOOLONG).toBe(36);
    expect(ERRNO.ENOTSUPP).toBe(524);
    expect(errnoNames(95)).toEqual(['EOPNOTSUPP', 'ENOTSUP']);
  });
  test.for([
    ['EPERM', 1], [1, 1], [-524, 524], ['524', 524], ['Unknown system error -524', 524], ['EWHAT', undefined], [1.5, undefined],
  ] as const)('parseErrno(%j) = %j', ([input, expected]) => {
    expect(parseErrno(input)).toBe(expected);
  });
  test('allowed sets match by number, so ENOTSUP and EOPNOTSUPP are interchangeable', () => {
    expect(errnoAllowed('ENOTSUP', ['EOPNOTSUPP'])).toBe(true);
    expect(errnoAllowed(-524, ['ENOTSUPP', 'EPERM'])).toBe(true);
    expect(errnoAllowed('EACCES', ['EPERM'])).toBe(false);
    expect(errnoLabel(95, ['ENOTSUP'])).toBe('ENOTSUP');
    expect(errnoLabel(13)).toBe('EACCES');
    expect(errnoLabel('weird')).toBe('weird');
  });
});

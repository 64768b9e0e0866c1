import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../emulator/aws/errors.ts';
import { FieldChecker } from '../../../emulator/aws/field-checker.ts';

const failures = (fn: (c: FieldChecker) => void) => {
  const c = new FieldChecker();
  fn(c);
  return c.errors;
};

describe('FieldChecker', () => {
  it('uses the AWS wording and counts code points, not UTF-16 units', () => {
    expect(failures((c) => c.string('runtimeSessionId', 'x'.repeat(32), { min: 33 }))).toEqual([
      {
        name: 'runtimeSessionId',
        message: `Value '${'x'.repeat(32)}' at 'runtimeSessionId' failed to satisfy constraint: Member must have length greater than or equal to 33`,
      },
    ]);
    expect(failures((c) => c.string('s', '😀'.repeat(33), { min: 33, max: 33 }))).toEqual([]);
  });

  it('anchors patterns: a partial match is a failure', () => {
    expect(failures((c) => c.string('mountPath', '/mnt/a/b', { pattern: /\/mnt\/[a-zA-Z0-9._-]+\/?/ }))).toHaveLength(1);
    expect(failures((c) => c.string('mountPath', '/mnt/a/', { pattern: /\/mnt\/[a-zA-Z0-9._-]+\/?/ }))).toHaveLength(0);
  });

  it('checks integer ranges and types', () => {
    expect(failures((c) => c.int('timeout', 3601, { min: 1, max: 3600 }))[0]?.message).toMatch(/less than or equal to 3600/);
    expect(failures((c) => c.int('timeout', '5', { min: 1 }))[0]?.message).toMatch(/must be an integer, got string/);
    expect(failures((c) => c.int('timeout', 1.5))).toHaveLength(1);
  });

  it('requires exactly one member of a union', () => {
    expect(failures((c) => c.union('u', { a: 1, b: 2 }, ['a', 'b']))[0]?.message).toMatch(/exactly one/);
    expect(failures((c) => c.union('u', { z: 1 }, ['a', 'b']))[0]?.message).toMatch(/unknown member 'z'/);
    const c = new FieldChecker();
    expect(c.union('u', { b: 2 }, ['a', 'b'])).toBe('b');
  });

  it('done() throws one ValidationException listing every failure', () => {
    const c = new FieldChecker();
    c.required('a', undefined);
    c.int('b', 0, { min: 1 });
    try {
      c.done();
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AwsError);
      const err = e as AwsError;
      expect(err.status).toBe(400);
      expect(err.message).toMatch(/^2 validation errors detected: /);
      expect(err.members).toMatchObject({ reason: 'FieldValidationFailed', fieldList: [{ name: 'a' }, { name: 'b' }] });
    }
  });
});

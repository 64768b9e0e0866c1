import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../emulator/aws/errors.ts';
import { jsonObjectBody } from '../../../emulator/aws/json-body.ts';

const refusal = (body: string): AwsError => {
  try {
    jsonObjectBody(Buffer.from(body));
  } catch (e) {
    return e as AwsError;
  }
  throw new Error(`accepted ${JSON.stringify(body)}`);
};

describe('jsonObjectBody (both planes and /_ssc/)', () => {
  it('reads a JSON object; an empty or blank body is {} so missing members surface as field errors', () => {
    expect(jsonObjectBody(Buffer.from('{"a":1,"b":{"c":[2]}}'))).toEqual({ a: 1, b: { c: [2] } });
    expect(jsonObjectBody(Buffer.alloc(0))).toEqual({});
    expect(jsonObjectBody(Buffer.from(' \n'))).toEqual({});
  });

  it('refuses what is not JSON, or not an object, as a CannotParse ValidationException', () => {
    for (const body of ['{nope', '[1]', 'null', '"text"', '3']) {
      const e = refusal(body);
      expect(e).toBeInstanceOf(AwsError);
      expect(e.name).toBe('ValidationException');
      expect(e.status).toBe(400);
      expect(e.toBody()).toMatchObject({ reason: 'CannotParse', message: expect.stringMatching(/^Could not parse request body into json: /) });
    }
  });
});

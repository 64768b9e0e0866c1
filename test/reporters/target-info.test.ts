import { describe, expect, test } from 'vitest';
import { maskAccountId, targetFromEnv } from '../../reporters/target-info.ts';

describe('maskAccountId', () => {
  test('masks all but the last 4 digits of the ARN account field', () => {
    expect(maskAccountId('arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/myAgent-AbCdEf1234')).toBe(
      'arn:aws:bedrock-agentcore:us-east-1:********9012:runtime/myAgent-AbCdEf1234',
    );
  });

  test('keeps digits elsewhere in the ARN (e.g. in the runtime id)', () => {
    expect(maskAccountId('arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/a123456789012-0123456789')).toBe(
      'arn:aws:bedrock-agentcore:us-east-1:********9012:runtime/a123456789012-0123456789',
    );
  });

  test('other partitions work; an ARN without a 12-digit account is unchanged', () => {
    expect(maskAccountId('arn:aws-cn:bedrock-agentcore:cn-north-1:000011112222:runtime/x')).toBe(
      'arn:aws-cn:bedrock-agentcore:cn-north-1:********2222:runtime/x',
    );
    expect(maskAccountId('arn:aws:s3:::bucket')).toBe('arn:aws:s3:::bucket');
  });

  test('a non-ARN string has stand-alone 12-digit runs masked', () => {
    expect(maskAccountId('account 123456789012 and 1234567890123')).toBe('account ********9012 and 1234567890123');
  });
});

describe('targetFromEnv', () => {
  test('defaults to the emulator with no region or ARN', () => {
    expect(targetFromEnv({})).toEqual({ name: 'emulator', region: null, runtimeArn: null });
    expect(targetFromEnv({ SSC_TARGET: '  ', AWS_REGION: '' })).toEqual({ name: 'emulator', region: null, runtimeArn: null });
  });

  test('reads SSC_TARGET, AWS_REGION and a masked SSC_RUNTIME_ARN', () => {
    expect(
      targetFromEnv({
        SSC_TARGET: 'agentcore',
        AWS_REGION: 'us-east-1',
        SSC_RUNTIME_ARN: 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/myAgent-AbCdEf1234',
      }),
    ).toEqual({
      name: 'agentcore',
      region: 'us-east-1',
      runtimeArn: 'arn:aws:bedrock-agentcore:us-east-1:********9012:runtime/myAgent-AbCdEf1234',
    });
  });
});

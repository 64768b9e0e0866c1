// What the report says about the target, read from the environment. Account ids never appear in full.

import type { TargetInfo } from './report-model.ts';

const ACCOUNT_ID = /^\d{12}$/;
const LOOSE_ACCOUNT_ID = /(?<!\d)\d{12}(?!\d)/g;

function maskDigits(account: string): string {
  return `${'*'.repeat(account.length - 4)}${account.slice(-4)}`;
}

/**
 * Masks the 12-digit account id of an ARN, keeping its last 4 digits:
 * `arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/x` → `arn:aws:bedrock-agentcore:us-east-1:********9012:runtime/x`.
 * A string that is not an ARN has every stand-alone run of exactly 12 digits masked the same way.
 */
export function maskAccountId(value: string): string {
  const parts = value.split(':');
  if (parts.length >= 6 && parts[0] === 'arn') {
    const account = parts[4] ?? '';
    if (ACCOUNT_ID.test(account)) parts[4] = maskDigits(account);
    return parts.join(':');
  }
  return value.replace(LOOSE_ACCOUNT_ID, maskDigits);
}

function nonEmpty(value: string | undefined): string | null {
  return value !== undefined && value.trim() !== '' ? value.trim() : null;
}

/** `SSC_TARGET_NAME`, else `SSC_TARGET` (default `emulator`), `AWS_REGION`, and `SSC_RUNTIME_ARN` (masked). */
export function targetFromEnv(env: Readonly<Record<string, string | undefined>>): TargetInfo {
  const arn = nonEmpty(env['SSC_RUNTIME_ARN']);
  return {
    // SSC_TARGET_NAME: set by the global setup (e.g. `command:aws-cli` for a command target).
    name: nonEmpty(env['SSC_TARGET_NAME']) ?? nonEmpty(env['SSC_TARGET']) ?? 'emulator',
    region: nonEmpty(env['AWS_REGION']),
    runtimeArn: arn === null ? null : maskAccountId(arn),
  };
}

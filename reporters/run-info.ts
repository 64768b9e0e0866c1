// What the report says about the software under which it ran: this suite's version and the AWS SDK client packages
// actually installed (read from their package.json, not from our semver ranges).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SuiteInfo } from './report-model.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The SDK packages the suites talk through. */
const SDK_PACKAGES = ['@aws-sdk/client-bedrock-agentcore', '@aws-sdk/client-bedrock-agentcore-control'] as const;

function readVersion(file: string): string | null {
  try {
    const version = (JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown }).version;
    return typeof version === 'string' ? version : null;
  } catch {
    return null;
  }
}

export function suiteInfo(root: string = PROJECT_ROOT): SuiteInfo {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name?: string; version?: string };
  return { name: pkg.name ?? 'session-storage-conformance', version: pkg.version ?? '0.0.0' };
}

/** Installed versions by package name; a package that is not installed is left out. */
export function sdkVersions(root: string = PROJECT_ROOT): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const name of SDK_PACKAGES) {
    const version = readVersion(join(root, 'node_modules', name, 'package.json'));
    if (version !== null) versions[name] = version;
  }
  return versions;
}

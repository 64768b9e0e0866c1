// Target profiles (spec/profiles/*.yaml): what a target promises. Normalised once, like fast-check's
// QualifiedParameters: raw YAML → strict JSON Schema (spec/profile.schema.json, unknown keys rejected) → cross-checks
// (claim ids, source keys) → defaults → deeply frozen. Consumers read only the result. `normaliseProfile` is pure;
// `loadProfile` adds reading the file and hashing it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { parseDocument } from 'yaml';
import type { ErrnoName } from './errno.ts';
import { ProfileValidationError, formatSchemaError } from './profile-errors.ts';
import schema from './profile.schema.json' with { type: 'json' };

export { ProfileValidationError } from './profile-errors.ts';

/** Operations a profile declares an allowed errno set for (unsupported ops and limit breaches). */
const ERRNO_CASES = [
  'hardLink', 'specialFile', 'xattr', 'fallocate', 'quota', 'nameTooLong', 'symlinkTargetTooLong', 'depthExceeded',
  // Writing at the former mount path once session storage is disabled (the blog saw EACCES).
  'disabledMount',
] as const;
export type ErrnoCase = (typeof ERRNO_CASES)[number];

export type LockBehaviour = 'supported' | 'unsupported' | 'observe' | 'not-applicable';

/** `not-enforced`: modes are stored and shown, but no access check by mode fails under the mount (AgentCore's S5). */
export type PermissionsBehaviour = 'enforced' | 'not-enforced';

/** What a session is where the guide is silent; `observe`: recorded, never asserted. */
export interface SessionScope {
  /** One session id through DEFAULT and a named endpoint on the same version: two storages, or one. */
  readonly acrossQualifiers: 'separate' | 'shared' | 'observe';
  /** A session through an endpoint pinned to an older version, after the runtime's version moved on. */
  readonly pinnedEndpointAfterUpdate: 'kept' | 'reset' | 'observe';
}

export interface ProfileSource {
  readonly document: string;
  readonly section?: string;
  readonly quote: string;
}

export interface Profile {
  readonly profile: string;
  readonly description: string;
  readonly target: string;
  readonly limits: {
    readonly storageBytes: number;
    readonly metadataEntries: { readonly min: number; readonly max: number };
    readonly directoryDepth: number;
    readonly nameBytes: number;
    readonly symlinkTargetBytes: number;
  };
  readonly errnos: Readonly<Record<ErrnoCase, readonly ErrnoName[]>>;
  readonly locks: { readonly withinSession: Exclude<LockBehaviour, 'not-applicable'>; readonly crossSession: LockBehaviour };
  /** Absent in the file: `enforced`. */
  readonly permissions: PermissionsBehaviour;
  /** Absent in the file (or a key of it): `observe`. */
  readonly sessions: SessionScope;
  readonly lifecycle: {
    readonly idleTimeoutSeconds: number;
    readonly maxLifetimeSeconds: number;
    readonly storeIdleExpirySeconds: number;
  };
  readonly mountPath: {
    readonly pattern: string;
    readonly minLength: number;
    readonly maxLength: number;
    readonly example: string;
    readonly maxFilesystemConfigurations: number;
    readonly maxSessionStorage: number;
    readonly maxS3FilesAccessPoints: number;
    readonly maxEfsAccessPoints: number;
  };
  readonly api: {
    readonly sessionId: { readonly minLength: number; readonly maxLength: number };
    readonly command: { readonly minLength: number; readonly maxLength: number };
    readonly timeoutSeconds: { readonly min: number; readonly max: number; readonly default: number };
    /** InvokeAgentRuntimeCommand output, in UTF-8 bytes of stdout/stderr text: per contentDelta event, per response. */
    readonly commandOutput: { readonly chunkBytes: number; readonly responseBytes: number };
  };
  /** claim id → why this target cannot verify it (its tests are skipped, the claim reported not-verifiable-on-target). */
  readonly notVerifiable: Readonly<Record<string, string>>;
  /** claim id → why it is expected to fail (its tests run; a pass is an xpass and fails the run). */
  readonly expectedFailures: Readonly<Record<string, string>>;
  /** Reruns of a failing test; a test passing on a rerun is reported flaky. */
  readonly retry: number;
  /** Dotted key of a declared value → where it comes from. */
  readonly sources: Readonly<Record<string, ProfileSource>>;
}

/** A profile plus where it was read from: what the report names. */
export interface LoadedProfile {
  readonly profile: Profile;
  readonly file: string;
  /** sha256 of the file's bytes, hex. */
  readonly sha256: string;
}

export const PROFILES_DIR = fileURLToPath(new URL('./profiles/', import.meta.url));
export const PROFILE_SCHEMA = schema;

let validator: ValidateFunction | undefined;
function validate(raw: unknown): readonly ErrorObject[] {
  validator ??= new Ajv({ allErrors: true, strict: true }).compile(schema);
  return validator(raw) ? [] : (validator.errors ?? []);
}

/** The keys a schema object allows, found by following Ajv's `schemaPath` (`#/properties/limits/additionalProperties`). */
function allowedKeysAt(schemaPath: string): string[] {
  let node: unknown = schema;
  for (const part of schemaPath.replace(/^#\//, '').split('/').slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return [];
    node = (node as Record<string, unknown>)[part];
  }
  const props = (node as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props) : [];
}

function hasPath(value: unknown, dotted: string): boolean {
  let node = value;
  for (const part of dotted.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return true;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

export interface NormaliseOptions {
  /** The catalogue's ids: claim ids in notVerifiable/expectedFailures must be among them. */
  readonly claimIds?: readonly string[];
}

/**
 * raw (parsed YAML) → a frozen Profile. Pure: `fileName` is only used in messages. Throws one ProfileValidationError
 * listing every problem.
 */
function normaliseProfile(raw: unknown, fileName: string, options: NormaliseOptions = {}): Profile {
  const errors = validate(raw).filter((e) => (e.params as { propertyName?: string }).propertyName === undefined || e.keyword === 'propertyNames');
  if (errors.length > 0) {
    throw new ProfileValidationError(fileName, [...new Set(errors.map((e) => formatSchemaError(e, raw, allowedKeysAt)))]);
  }
  // The schema guarantees the shape from here on; what remains are rules a JSON Schema cannot state.
  const r = raw as Record<string, unknown> & Pick<Profile, 'limits' | 'mountPath' | 'api'>;
  const issues: string[] = [];
  const known = options.claimIds ? new Set(options.claimIds) : undefined;
  for (const section of ['notVerifiable', 'expectedFailures'] as const) {
    for (const id of Object.keys((r[section] as Record<string, string> | undefined) ?? {})) {
      if (known && !known.has(id)) issues.push(`key '${section}.${id}': unknown claim id (not in spec/claims.yaml)`);
    }
  }
  for (const id of Object.keys((r['notVerifiable'] as object | undefined) ?? {})) {
    if (Object.hasOwn((r['expectedFailures'] as object | undefined) ?? {}, id)) {
      issues.push(`key 'expectedFailures.${id}': a claim cannot be both not verifiable and expected to fail`);
    }
  }
  for (const key of Object.keys((r['sources'] as object | undefined) ?? {})) {
    if (!hasPath(raw, key)) issues.push(`key 'sources.${key}': names no declared value of this profile`);
  }
  const expectedName = basename(fileName).replace(/\.ya?ml$/, '');
  if (/\.ya?ml$/.test(fileName) && r['profile'] !== expectedName) {
    issues.push(`key 'profile': expected '${expectedName}' (the file's name), received string ${JSON.stringify(r['profile'])}`);
  }
  const ranges: [string, number, number][] = [
    ['limits.metadataEntries', r.limits.metadataEntries.min, r.limits.metadataEntries.max],
    ['mountPath', r.mountPath.minLength, r.mountPath.maxLength],
    ['api.sessionId', r.api.sessionId.minLength, r.api.sessionId.maxLength],
    ['api.command', r.api.command.minLength, r.api.command.maxLength],
    ['api.timeoutSeconds', r.api.timeoutSeconds.min, r.api.timeoutSeconds.max],
  ];
  for (const [key, min, max] of ranges) {
    if (min > max) issues.push(`key '${key}': expected the minimum (${min}) to be at most the maximum (${max})`);
  }
  try {
    new RegExp(r.mountPath.pattern);
  } catch (e) {
    issues.push(`key 'mountPath.pattern': expected a regular expression, received string ${JSON.stringify(r.mountPath.pattern)} (${(e as Error).message})`);
  }
  if (issues.length > 0) throw new ProfileValidationError(fileName, issues);

  const withDefaults = {
    description: '',
    permissions: 'enforced',
    notVerifiable: {},
    expectedFailures: {},
    retry: 0,
    sources: {},
    ...structuredClone(r),
    sessions: { acrossQualifiers: 'observe', pinnedEndpointAfterUpdate: 'observe', ...(r['sessions'] as Partial<SessionScope> | undefined) },
  };
  return deepFreeze(withDefaults as unknown as Profile);
}

/** Parses profile text (YAML, duplicate keys rejected) and normalises it. Pure. */
export function parseProfile(text: string, fileName: string, options: NormaliseOptions = {}): Profile {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) throw new ProfileValidationError(fileName, doc.errors.map((error) => `YAML: ${error.message}`));
  return normaliseProfile(doc.toJS(), fileName, options);
}

/** Reads, hashes and normalises a profile file. */
export function loadProfile(file: string, options: NormaliseOptions = {}): LoadedProfile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new ProfileValidationError(file, [`cannot read the profile: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
  }
  const profile = parseProfile(bytes.toString('utf8'), file, options);
  return Object.freeze({ profile, file, sha256: createHash('sha256').update(bytes).digest('hex') });
}

/** Re-freezes a profile that crossed a process boundary (vitest's provide/inject clones values). */
export function freezeProfile(profile: Profile): Profile {
  return deepFreeze(profile);
}

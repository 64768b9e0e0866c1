// The claims catalogue (spec/claims.yaml): raw YAML → strict validation → frozen, typed array.
// `validateClaims` is pure (no I/O) and reports every problem at once; `loadClaims` only adds reading the file.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { isTier, TIERS, type Tier } from './tiers.ts';

const CLAIM_AREAS = ['cfg', 'life', 'ops', 'limits', 'api'] as const;
export type ClaimArea = (typeof CLAIM_AREAS)[number];

/** `OBSERVE`: behaviour no source promises; the suite records what it sees and never fails on it. */
const CLAIM_LEVELS = ['MUST', 'SHOULD', 'MAY', 'OBSERVE'] as const;
export type ClaimLevel = (typeof CLAIM_LEVELS)[number];

/** `blog` = shared/seeds/session-storage-blog.md, `api` = shared/reference/agentcore-api.md, or an https URL. */
export type SourceDocument = 'blog' | 'api' | `https://${string}`;

export interface ClaimSource {
  readonly document: SourceDocument;
  readonly section?: string;
  /** Copied verbatim from the source. */
  readonly quote: string;
}

export interface Claim {
  readonly id: string;
  readonly area: ClaimArea;
  /** One RFC-2119 sentence. */
  readonly text: string;
  readonly level: ClaimLevel;
  readonly source: ClaimSource;
  /** Further sources saying the same (e.g. the blog beside the Developer Guide); absent when there are none. */
  readonly alsoSources?: readonly ClaimSource[];
  /** The run tier the claim's tests belong to (spec/tiers.ts); absent = standard. */
  readonly tier?: Tier;
}

export const CLAIM_ID_PATTERN = /^[a-z]+\/[a-z0-9-]+$/;
const RFC2119_KEYWORD = /\b(MUST|SHOULD|MAY)\b/;
const URL_DOCUMENT = /^https:\/\/\S+$/;

const TOP_LEVEL_KEYS = ['claims'] as const;
const CLAIM_KEYS = ['id', 'area', 'text', 'level', 'source', 'alsoSources', 'tier'] as const;
const SOURCE_KEYS = ['document', 'section', 'quote'] as const;

export const DEFAULT_CLAIMS_PATH = fileURLToPath(new URL('./claims.yaml', import.meta.url));

export class ClaimsValidationError extends Error {
  readonly fileName: string;
  readonly issues: readonly string[];

  constructor(fileName: string, issues: readonly string[]) {
    super(`${fileName}: invalid claims catalogue (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
      issues.map((issue) => `  - ${issue}`).join('\n'));
    this.name = 'ClaimsValidationError';
    this.fileName = fileName;
    this.issues = Object.freeze([...issues]);
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`;
  if (typeof value === 'object') return 'object';
  return `${typeof value} ${String(value)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKeys(value: Record<string, unknown>, allowed: readonly string[]): string[] {
  return Object.keys(value).filter((key) => !allowed.includes(key));
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/**
 * Validates the parsed YAML of a claims catalogue. Pure: `fileName` is used only in messages.
 * Throws one `ClaimsValidationError` listing every problem; returns a deeply frozen array in file order.
 */
export function validateClaims(raw: unknown, fileName: string): readonly Claim[] {
  const issues: string[] = [];
  if (!isRecord(raw)) {
    throw new ClaimsValidationError(fileName, [`top level: expected a mapping with key 'claims', received ${describeValue(raw)}`]);
  }
  for (const key of unknownKeys(raw, TOP_LEVEL_KEYS)) {
    issues.push(`top level: unknown key '${key}' (valid keys: ${TOP_LEVEL_KEYS.join(', ')})`);
  }
  const list = raw['claims'];
  if (!Array.isArray(list) || list.length === 0) {
    issues.push(`top level: 'claims' must be a non-empty list, received ${list === undefined ? 'nothing' : describeValue(list)}`);
    throw new ClaimsValidationError(fileName, issues);
  }

  const claims: Claim[] = [];
  const firstIndexById = new Map<string, number>();
  list.forEach((entry: unknown, index: number) => {
    const claim = validateClaim(entry, index, issues);
    if (claim === undefined) return;
    const previous = firstIndexById.get(claim.id);
    if (previous !== undefined) {
      issues.push(`claims[${index}] (id '${claim.id}'): duplicate id, first defined at claims[${previous}]`);
      return;
    }
    firstIndexById.set(claim.id, index);
    claims.push(claim);
  });

  if (issues.length > 0) throw new ClaimsValidationError(fileName, issues);
  return Object.freeze(claims);
}

function validateClaim(entry: unknown, index: number, issues: string[]): Claim | undefined {
  if (!isRecord(entry)) {
    issues.push(`claims[${index}]: expected a mapping, received ${describeValue(entry)}`);
    return undefined;
  }
  const idLabel = typeof entry['id'] === 'string' ? `'${entry['id']}'` : '<missing>';
  const where = `claims[${index}] (id ${idLabel})`;
  const before = issues.length;

  for (const key of unknownKeys(entry, CLAIM_KEYS)) {
    issues.push(`${where}: unknown key '${key}' (valid keys: ${CLAIM_KEYS.join(', ')})`);
  }

  const { id, area, text, level, source, alsoSources, tier } = entry;
  if (tier !== undefined && !isTier(tier)) {
    issues.push(`${where}: 'tier' must be one of ${TIERS.join(', ')} when present, received ${describeValue(tier)}`);
  }
  if (typeof id !== 'string' || !CLAIM_ID_PATTERN.test(id)) {
    issues.push(`${where}: 'id' must match ${CLAIM_ID_PATTERN.source}, received ${id === undefined ? 'nothing' : describeValue(id)}`);
  }
  if (typeof area !== 'string' || !(CLAIM_AREAS as readonly string[]).includes(area)) {
    issues.push(`${where}: 'area' must be one of ${CLAIM_AREAS.join(', ')}, received ${area === undefined ? 'nothing' : describeValue(area)}`);
  } else if (typeof id === 'string' && CLAIM_ID_PATTERN.test(id) && id.slice(0, id.indexOf('/')) !== area) {
    issues.push(`${where}: 'area' is '${area}' but the id's prefix is '${id.slice(0, id.indexOf('/'))}'`);
  }
  if (typeof level !== 'string' || !(CLAIM_LEVELS as readonly string[]).includes(level)) {
    issues.push(`${where}: 'level' must be one of ${CLAIM_LEVELS.join(', ')}, received ${level === undefined ? 'nothing' : describeValue(level)}`);
  }
  if (!nonEmptyString(text)) {
    issues.push(`${where}: 'text' must be a non-empty string, received ${text === undefined ? 'nothing' : describeValue(text)}`);
  } else {
    if (!RFC2119_KEYWORD.test(text)) {
      issues.push(`${where}: 'text' must contain an RFC-2119 keyword (MUST, SHOULD or MAY)`);
    } else if (level === 'MUST' || level === 'SHOULD' || level === 'MAY') {
      if (!new RegExp(`\\b${level}\\b`).test(text)) issues.push(`${where}: level is ${level} but 'text' does not say ${level}`);
    }
    if (!text.trimEnd().endsWith('.')) issues.push(`${where}: 'text' must be one sentence ending with '.'`);
  }
  validateSource(source, `${where} 'source'`, issues);
  if (alsoSources !== undefined) {
    if (!Array.isArray(alsoSources) || alsoSources.length === 0) {
      issues.push(`${where}: 'alsoSources' must be a non-empty list of sources when present, received ${describeValue(alsoSources)}`);
    } else {
      alsoSources.forEach((s: unknown, i: number) => validateSource(s, `${where} 'alsoSources[${i}]'`, issues));
    }
  }

  if (issues.length > before) return undefined;
  return Object.freeze({
    id: id as string,
    area: area as ClaimArea,
    text: text as string,
    level: level as ClaimLevel,
    source: freezeSource(source),
    ...(alsoSources !== undefined ? { alsoSources: Object.freeze((alsoSources as unknown[]).map(freezeSource)) } : {}),
    ...(tier !== undefined ? { tier: tier as Tier } : {}),
  });
}

function freezeSource(source: unknown): ClaimSource {
  const s = source as Record<string, unknown>;
  return Object.freeze({
    document: s['document'] as SourceDocument,
    ...(s['section'] !== undefined ? { section: s['section'] as string } : {}),
    quote: s['quote'] as string,
  });
}

/** `where` names the claim and the member, e.g. `claims[3] (id 'x') 'alsoSources[0]'`. */
function validateSource(source: unknown, where: string, issues: string[]): void {
  if (!isRecord(source)) {
    issues.push(`${where} must be a mapping {document, section?, quote}, received ${source === undefined ? 'nothing' : describeValue(source)}`);
    return;
  }
  for (const key of unknownKeys(source, SOURCE_KEYS)) {
    issues.push(`${where}: unknown key '${key}' (valid keys: ${SOURCE_KEYS.join(', ')})`);
  }
  const { document, section, quote } = source;
  if (!(document === 'blog' || document === 'api' || (typeof document === 'string' && URL_DOCUMENT.test(document)))) {
    issues.push(`${where}: 'document' must be blog, api or an https URL, received ${document === undefined ? 'nothing' : describeValue(document)}`);
  }
  if (section !== undefined && !nonEmptyString(section)) {
    issues.push(`${where}: 'section' must be a non-empty string when present, received ${describeValue(section)}`);
  }
  if (!nonEmptyString(quote)) {
    issues.push(`${where}: 'quote' must be a non-empty string, received ${quote === undefined ? 'nothing' : describeValue(quote)}`);
  }
}

/** Parses catalogue text (YAML, duplicate keys rejected) and validates it. Pure. */
export function parseClaims(text: string, fileName: string): readonly Claim[] {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ClaimsValidationError(fileName, doc.errors.map((error) => `YAML: ${error.message}`));
  }
  return validateClaims(doc.toJS(), fileName);
}

/** Reads and validates the catalogue (default: spec/claims.yaml next to this module). */
export function loadClaims(path: string = DEFAULT_CLAIMS_PATH): readonly Claim[] {
  return parseClaims(readFileSync(path, 'utf8'), path);
}

/** The catalogue's claim ids, in file order. */
export function claimIds(path: string = DEFAULT_CLAIMS_PATH): readonly string[] {
  return Object.freeze(loadClaims(path).map((claim) => claim.id));
}

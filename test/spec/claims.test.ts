import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  CLAIM_ID_PATTERN,
  ClaimsValidationError,
  claimIds,
  loadClaims,
  parseClaims,
  validateClaims,
} from '../../spec/claims.ts';
import { documentOf, GUIDE_URL, haveSources, quoteFound } from './__test-helpers__/sources.ts';

const FILE = 'spec/test-claims.yaml';
const UNKNOWN_KEY = /spec\/test-claims\.yaml: .*claims\[0\] \(id 'cfg\/get-echoes'\): unknown key 'colour'/s;
const UNKNOWN_SOURCE_KEY = /claims\[0\] \(id 'cfg\/get-echoes'\) 'source': unknown key 'url'/;
const DUPLICATE_ID = /claims\[1\] \(id 'cfg\/get-echoes'\): duplicate id, first defined at claims\[0\]/;
const BAD_ID = /claims\[0\] \(id 'Cfg\/Get_Echoes'\): 'id' must match/;
const BAD_LEVEL = /claims\[0\] \(id 'cfg\/get-echoes'\): 'level' must be one of MUST, SHOULD, MAY, OBSERVE, received string "MUSTN'T"/;

function claim(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'cfg/get-echoes',
    area: 'cfg',
    text: 'GetAgentRuntime MUST return filesystemConfigurations exactly as set.',
    level: 'MUST',
    source: { document: 'api', section: '§2.3', quote: 'echoes it' },
    ...overrides,
  };
}

function issuesOf(raw: unknown): readonly string[] {
  try {
    validateClaims(raw, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(ClaimsValidationError);
    return (error as ClaimsValidationError).issues;
  }
  throw new Error('expected validateClaims to throw');
}

function messageOf(raw: unknown): string {
  try {
    validateClaims(raw, FILE);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected validateClaims to throw');
}

describe('validateClaims', () => {
  test('accepts a valid catalogue and returns deeply frozen claims in file order', () => {
    const claims = validateClaims({ claims: [claim(), claim({ id: 'api/stop-session', area: 'api' })] }, FILE);
    expect(claims.map((c) => c.id)).toEqual(['cfg/get-echoes', 'api/stop-session']);
    expect(Object.isFrozen(claims)).toBe(true);
    expect(Object.isFrozen(claims[0])).toBe(true);
    expect(Object.isFrozen(claims[0]?.source)).toBe(true);
    expect(() => (claims as unknown as unknown[]).push(claim())).toThrow(TypeError);
  });

  test('section is optional and an https URL is a valid document', () => {
    const [c] = validateClaims({ claims: [claim({ source: { document: 'https://docs.aws.amazon.com/x.html', quote: 'q' } })] }, FILE);
    expect(c?.source).toEqual({ document: 'https://docs.aws.amazon.com/x.html', quote: 'q' });
  });

  test('a claim may declare its run tier; anything but quick, standard or full is refused', () => {
    const [c] = validateClaims({ claims: [claim({ tier: 'quick' })] }, FILE);
    expect(c?.tier).toBe('quick');
    expect(validateClaims({ claims: [claim()] }, FILE)[0]).not.toHaveProperty('tier');
    expect(issuesOf({ claims: [claim({ tier: 'nightly' })] })).toEqual([
      `claims[0] (id 'cfg/get-echoes'): 'tier' must be one of quick, standard, full when present, received string "nightly"`,
    ]);
  });

  test('an unknown claim key names the key, the claim id and the file', () => {
    expect(messageOf({ claims: [claim({ colour: 'red' })] })).toMatch(UNKNOWN_KEY);
  });

  test('an unknown source key is rejected too', () => {
    expect(issuesOf({ claims: [claim({ source: { document: 'api', quote: 'q', url: 'x' } })] })).toEqual([
      expect.stringMatching(UNKNOWN_SOURCE_KEY),
    ]);
  });

  test('unknown top-level keys are rejected', () => {
    expect(issuesOf({ claims: [claim()], version: 2 })).toEqual([expect.stringMatching(/top level: unknown key 'version'/)]);
  });

  test('duplicate ids are rejected', () => {
    expect(issuesOf({ claims: [claim(), claim()] })).toEqual([expect.stringMatching(DUPLICATE_ID)]);
  });

  test.for(['Cfg/Get_Echoes', 'cfg', 'cfg/', '/get-echoes', 'cfg/get/echoes', 'cfg/get echoes'])('bad id syntax %j is rejected', (id) => {
    expect(CLAIM_ID_PATTERN.test(id)).toBe(false);
    const issues = issuesOf({ claims: [claim({ id })] });
    expect(issues.some((issue) => issue.includes(`'id' must match`))).toBe(true);
  });

  test('the message quotes the bad id', () => {
    expect(messageOf({ claims: [claim({ id: 'Cfg/Get_Echoes' })] })).toMatch(BAD_ID);
  });

  test('a bad level is rejected with the valid values', () => {
    expect(issuesOf({ claims: [claim({ level: "MUSTN'T" })] })).toEqual([expect.stringMatching(BAD_LEVEL)]);
  });

  test('the area must be known and match the id prefix', () => {
    expect(issuesOf({ claims: [claim({ area: 'life' })] })).toEqual([
      expect.stringMatching(/'area' is 'life' but the id's prefix is 'cfg'/),
    ]);
    expect(issuesOf({ claims: [claim({ area: 'misc' })] })).toEqual([expect.stringMatching(/'area' must be one of cfg, life, ops, limits, api/)]);
  });

  test('the text must be one RFC-2119 sentence matching its level', () => {
    expect(issuesOf({ claims: [claim({ text: 'GetAgentRuntime returns it.' })] })).toEqual([
      expect.stringMatching(/RFC-2119 keyword/),
    ]);
    expect(issuesOf({ claims: [claim({ level: 'SHOULD' })] })).toEqual([expect.stringMatching(/level is SHOULD but 'text' does not say SHOULD/)]);
    expect(issuesOf({ claims: [claim({ text: 'It MUST work' })] })).toEqual([expect.stringMatching(/ending with '\.'/)]);
    expect(validateClaims({ claims: [claim({ level: 'OBSERVE', text: 'The suite MAY observe it.' })] }, FILE)).toHaveLength(1);
  });

  test('missing fields and bad source documents are reported', () => {
    const issues = issuesOf({ claims: [{ id: 'cfg/x', source: { document: 'http://insecure', quote: '' } }] });
    expect(issues).toEqual([
      expect.stringMatching(/'area' must be one of .* received nothing/),
      expect.stringMatching(/'level' must be one of .* received nothing/),
      expect.stringMatching(/'text' must be a non-empty string, received nothing/),
      expect.stringMatching(/'source': 'document' must be blog, api or an https URL, received string "http:\/\/insecure"/),
      expect.stringMatching(/'source': 'quote' must be a non-empty string/),
    ]);
  });

  test('alsoSources: a non-empty list of sources, each validated like source', () => {
    const second = { document: 'blog', section: 'Intro', quote: 'also said' };
    const [valid] = validateClaims({ claims: [claim({ alsoSources: [second] })] }, FILE);
    expect(valid?.alsoSources).toEqual([second]);
    expect(issuesOf({ claims: [claim({ alsoSources: [] })] })).toEqual([expect.stringMatching(/'alsoSources' must be a non-empty list/)]);
    expect(issuesOf({ claims: [claim({ alsoSources: [{ document: 'ftp://x', quote: 'q', page: 1 }] })] })).toEqual([
      expect.stringMatching(/'alsoSources\[0\]': unknown key 'page'/),
      expect.stringMatching(/'alsoSources\[0\]': 'document' must be blog, api or an https URL/),
    ]);
  });

  test('every problem is reported at once', () => {
    expect(issuesOf({ claims: [claim({ colour: 1 }), claim({ id: 'bad', level: 'X' }), 'nope'] })).toHaveLength(4);
  });

  test.for([null, [], 'claims', { claims: [] }, { claims: 'x' }, {}])('a malformed top level %j is rejected', (raw) => {
    expect(() => validateClaims(raw, FILE)).toThrow(ClaimsValidationError);
  });
});

describe('parseClaims / loadClaims', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ssc-claims-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('duplicate YAML keys are rejected', () => {
    const yaml = 'claims:\n  - id: cfg/get-echoes\n    id: cfg/other\n';
    expect(() => parseClaims(yaml, FILE)).toThrow(/spec\/test-claims\.yaml: .*YAML: .*[Uu]nique/s);
  });

  test('loadClaims names the file it read in errors', () => {
    const path = join(dir, 'claims.yaml');
    writeFileSync(path, 'claims:\n  - id: cfg/get-echoes\n    area: cfg\n    text: It MUST.\n    level: MUST\n    typo: 1\n' +
      '    source: { document: blog, quote: q }\n');
    expect(() => loadClaims(path)).toThrow(`${path}: invalid claims catalogue`);
    expect(() => loadClaims(path)).toThrow(/unknown key 'typo'/);
  });
});

describe('spec/claims.yaml', () => {
  const claims = loadClaims();

  test('loads, and claimIds() lists every id in file order', () => {
    expect(claimIds()).toEqual(claims.map((c) => c.id));
    expect(claims.length).toBeGreaterThanOrEqual(37);
  });

  test('has every id suggested by session-storage-semantics.md and the brief', () => {
    const required = [
      'cfg/mount-path-pattern', 'cfg/at-most-one-session-storage', 'cfg/get-echoes', 'cfg/disable-empty-array',
      'cfg/update-full-replacement', 'cfg/version-bump',
      'life/first-empty', 'life/persist-stop-resume', 'life/flush-on-stop', 'life/ephemeral-outside-mount',
      'life/new-compute-on-resume', 'life/version-update-wipes', 'life/idle-expiry-14d', 'life/disabled-no-mount',
      'life/isolation', 'life/same-session-shared-by-agent-and-command', 'life/history-resume',
      'ops/supported-basic', 'ops/hard-link-refused', 'ops/special-files-refused', 'ops/xattr-unsupported',
      'ops/fallocate-unsupported', 'ops/locks-cross-session', 'ops/locks-within-session',
      'limits/storage-size', 'limits/metadata-entries', 'limits/directory-depth', 'limits/name-length',
      'limits/symlink-target-length',
      'api/session-id-length', 'api/command-constraints', 'api/command-event-stream', 'api/stop-session',
      'api/session-lifetime',
    ];
    expect(claimIds()).toEqual(expect.arrayContaining(required));
  });

  test('locks within a session: MUST, as the Developer Guide states (users\' ENOLCK reports stay observations)', () => {
    const locks = claims.find((c) => c.id === 'ops/locks-within-session');
    expect(locks?.level).toBe('MUST');
    expect(locks?.source.document.startsWith(GUIDE_URL)).toBe(true);
  });

  test('a source is the blog, the API reference or a page of the Developer Guide; the guide is the main source where cited', () => {
    for (const c of claims) {
      for (const s of [c.source, ...(c.alsoSources ?? [])]) expect(documentOf(s.document), `${c.id}: ${s.document}`).toBeDefined();
      // The guide is the authority: a claim citing it cites it first.
      if (c.alsoSources?.some((s) => s.document.startsWith(GUIDE_URL))) expect(c.source.document.startsWith(GUIDE_URL), c.id).toBe(true);
    }
  });

  test.skipIf(!haveSources)('every blog/api/Developer Guide quote appears verbatim in its source (bold and code markers dropped)', () => {
    const missing = claims.flatMap((c) => [c.source, ...(c.alsoSources ?? [])].filter((s) => !quoteFound(s)).map((s) => `${c.id}: ${s.quote}`));
    expect(missing).toEqual([]);
  });
});

// Generators of bad input for the wire API: junk strings and values, malformed path segments and query strings,
// headers no SDK sends, and bodies that are not JSON, not objects, deeply nested, oversized, or valid bodies with
// one member replaced by junk. Pure (fast-check arbitraries); the fuzz test sends them.
import fc from 'fast-check';

export const junkString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', ' ', '.', '..', '../..', '%', '%zz', '%00', '\u0000', 'null', '{}', '[]', '/', '//', 'ÿ', '\ud800'),
  fc.integer({ min: 200, max: 5000 }).map((n) => 'x'.repeat(n)),
);

/** A value of any JSON type, junk strings included, sometimes far over any length limit. */
export const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  junkString,
  fc.integer(),
  // No NaN or ±Infinity: JSON.stringify writes them as null, which is an absent member, not a junk one.
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 6 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
  fc.integer({ min: 70_000, max: 300_000 }).map((n) => 'y'.repeat(n)),
);

/** A path segment as sent on the wire: percent-encoded junk, or raw malformed escapes and dot segments. */
export const junkSegment: fc.Arbitrary<string> = fc.oneof(
  junkString.map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '?'))),
  fc.constantFrom('%', '%zz', '%E0%A4%A', '%2F', '%2e%2e', '..', '.', '', '%00', 'a%2Fb'),
);

const QUERY_KEYS = ['qualifier', 'version', 'maxResults', 'nextToken', 'accountId', 'clientToken', 'x'] as const;

/** `?…` with known and unknown keys, junk values, or raw malformed syntax; or nothing. */
export const junkQuery: fc.Arbitrary<string> = fc.oneof(
  fc.constant(''),
  fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string({ maxLength: 8 })), junkString), { maxLength: 4 })
    .map((kv) => `?${new URLSearchParams(kv.map(([k, v]) => [k, v.replace(/[\ud800-\udfff]/g, '?')])).toString()}`),
  fc.constantFrom('?', '?&&', '?=', '?%zz=%zz', '?qualifier', '?maxResults=-1', '?maxResults=1e99'),
);

/** Printable ASCII, which is all an HTTP header value may carry. */
const headerValue = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 });

export const junkContentType: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'multipart/form-data', ''),
  headerValue,
);

/** Headers that change how a server reads the request (framing, continuation) are left to other tests. */
const RESERVED = new Set(['content-length', 'transfer-encoding', 'host', 'connection', 'expect', 'upgrade', 'te', 'trailer', 'content-type']);
export const junkHeaders: fc.Arbitrary<Record<string, string>> = fc.dictionary(
  fc.stringMatching(/^[a-z][a-z0-9-]{0,24}$/).filter((k) => !RESERVED.has(k)),
  headerValue,
  { maxKeys: 4 },
);

/** A session id the API must refuse: too short (including empty) or too long. */
export const badSessionId: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 0, max: 32 }).map((n) => 's'.repeat(n)),
  fc.integer({ min: 257, max: 600 }).map((n) => 's'.repeat(n)),
);

/** `valid` with one member replaced by junk, removed, or joined by an unknown member. */
export function mutated(valid: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(valid);
  return fc.oneof(
    fc.tuple(fc.constantFrom(...keys), junkValue).map(([k, v]) => ({ ...valid, [k]: v })),
    fc.constantFrom(...keys).map((k) => Object.fromEntries(Object.entries(valid).filter(([key]) => key !== k))),
    fc.tuple(fc.string({ maxLength: 12 }), junkValue).map(([k, v]) => ({ ...valid, [k]: v })),
  );
}

/** Counterexamples print a body as its size and first bytes, not as megabytes of numbers. */
const shown = (b: Buffer): Buffer =>
  Object.assign(b, { [fc.toStringMethod]: () => `<${b.length} bytes: ${JSON.stringify(b.subarray(0, 120).toString('latin1'))}${b.length > 120 ? '…' : ''}>` });

/** A request body: not JSON, JSON of any shape, raw bytes, deep nesting, a huge document, or a mutated valid body. */
export function junkBody(valid: Record<string, unknown>): fc.Arbitrary<Buffer> {
  return fc
    .oneof(
    fc.string({ maxLength: 80 }).map((s) => Buffer.from(s)),
    fc.jsonValue({ maxDepth: 3 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
    fc.uint8Array({ maxLength: 80 }).map((b) => Buffer.from(b)),
    fc.integer({ min: 1000, max: 20_000 }).map((n) => Buffer.from(`${'['.repeat(n)}${']'.repeat(n)}`)),
    fc.constantFrom('{', '{"a":', '{"a":1,}', "{'a':1}", 'NaN', '\ufeff{}', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}').map((s) => Buffer.from(s)),
    fc.constant(Buffer.from(JSON.stringify({ ...valid, description: 'z'.repeat(2 * 1024 * 1024) }))),
    mutated(valid).map((b) => Buffer.from(JSON.stringify(b))),
    )
    .map(shown);
}

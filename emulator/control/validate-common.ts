// Validators shared by several control-plane operations: path labels, query members, maps and the idempotency token.
// Each records errors on the FieldChecker it is given; the caller decides when to throw (`done()`).
import { FieldChecker, type IntConstraint, type StringConstraint } from '../aws/field-checker.ts';
import { CONSTRAINTS, RANGES } from './constraints.ts';

/** `{agentRuntimeId}` path label: malformed is ValidationException, well-formed but unknown is for the registry. */
export function checkRuntimeIdLabel(c: FieldChecker, value: unknown): void {
  if (c.required('agentRuntimeId', value)) c.string('agentRuntimeId', value, CONSTRAINTS.agentRuntimeId);
}

export function checkEndpointNameLabel(c: FieldChecker, value: unknown): void {
  if (c.required('endpointName', value)) c.string('endpointName', value, CONSTRAINTS.endpointName);
}

export function checkVersion(c: FieldChecker, name: string, value: unknown): value is string {
  return c.string(name, value, CONSTRAINTS.agentRuntimeVersion);
}

export function checkClientToken(c: FieldChecker, value: unknown): void {
  c.string('clientToken', value, CONSTRAINTS.clientToken);
}

/**
 * A Smithy map of strings. Key failures are reported against the map itself (AWS words them "Map keys must satisfy
 * constraint"), value failures against `name.key`.
 */
export function checkStringMap(
  c: FieldChecker,
  name: string,
  value: unknown,
  size: IntConstraint,
  key: StringConstraint,
  val: StringConstraint,
): value is Record<string, string> {
  if (!c.object(name, value)) return false;
  const before = c.errors.length;
  const entries = Object.entries(value);
  if (size.max !== undefined && entries.length > size.max)
    c.fail(name, value, `Member must have length less than or equal to ${size.max}`);
  if (size.min !== undefined && entries.length < size.min)
    c.fail(name, value, `Member must have length greater than or equal to ${size.min}`);
  for (const [k, v] of entries) {
    const keyCheck = new FieldChecker();
    keyCheck.string(name, k, key);
    for (const e of keyCheck.errors) c.fail(name, k, `Map keys must satisfy constraint: [${e.message.split('constraint: ')[1]}]`);
    if (c.required(`${name}.${k}`, v)) c.string(`${name}.${k}`, v, val);
  }
  return c.errors.length === before;
}

/** A list of strings; element failures name `list.N.member` (1-based, as AWS does). Absent is fine. */
export function checkStringList(c: FieldChecker, name: string, value: unknown, size: IntConstraint, each: StringConstraint): void {
  if (!c.list(name, value, size)) return;
  value.forEach((v, i) => {
    if (c.required(`${name}.${i + 1}.member`, v)) c.string(`${name}.${i + 1}.member`, v, each);
  });
}

export function checkTags(c: FieldChecker, value: unknown, name = 'tags'): void {
  checkStringMap(c, name, value, RANGES.tags, CONSTRAINTS.tagKey, CONSTRAINTS.tagValue);
}

/** List query members arrive as strings; anything that is not a plain integer is a type error, as for JSON. */
export function checkMaxResults(c: FieldChecker, raw: string | null): number | undefined {
  if (raw === null) return undefined;
  const n = /^-?\d+$/.test(raw) ? Number(raw) : raw;
  return c.int('maxResults', n, RANGES.maxResults) ? (n as number) : undefined;
}

export function checkNextToken(c: FieldChecker, raw: string | null): string | undefined {
  if (raw === null) return undefined;
  return c.string('nextToken', raw, CONSTRAINTS.nextToken) ? raw : undefined;
}

// Server-side constraint checks with AWS's wording. The JS SDK validates nothing client-side, so every length,
// pattern, range and enum in the API reference must be enforced here. Checks collect errors and `done()` throws one
// ValidationException listing them all, as the real service does.
import { validationError, type FieldError } from './errors.ts';

export interface StringConstraint {
  min?: number;
  max?: number;
  /** Anchored automatically: Smithy patterns must match the whole value. */
  pattern?: RegExp;
}

export interface IntConstraint {
  min?: number;
  max?: number;
}

const show = (v: unknown): string => (v === null || v === undefined ? 'null' : `'${typeof v === 'string' ? v : JSON.stringify(v)}'`);
const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

const anchored = new WeakMap<RegExp, RegExp>();
function anchor(re: RegExp): RegExp {
  let a = anchored.get(re);
  if (!a) {
    a = new RegExp(`^(?:${re.source})$`, re.flags);
    anchored.set(re, a);
  }
  return a;
}

export class FieldChecker {
  readonly errors: FieldError[] = [];

  fail(name: string, value: unknown, constraint: string): void {
    this.errors.push({ name, message: `Value ${show(value)} at '${name}' failed to satisfy constraint: ${constraint}` });
  }

  /** Returns false (and records an error) when a required member is missing. */
  required(name: string, value: unknown): boolean {
    if (value === undefined || value === null) {
      this.fail(name, value, 'Member must not be null');
      return false;
    }
    return true;
  }

  string(name: string, value: unknown, c: StringConstraint = {}): value is string {
    if (value === undefined || value === null) return false;
    if (typeof value !== 'string') {
      this.fail(name, value, `Member must be a string, got ${typeOf(value)}`);
      return false;
    }
    // Smithy lengths count Unicode code points, not UTF-16 units.
    const len = [...value].length;
    const before = this.errors.length;
    if (c.min !== undefined && len < c.min) this.fail(name, value, `Member must have length greater than or equal to ${c.min}`);
    if (c.max !== undefined && len > c.max) this.fail(name, value, `Member must have length less than or equal to ${c.max}`);
    if (c.pattern && !anchor(c.pattern).test(value))
      this.fail(name, value, `Member must satisfy regular expression pattern: ${c.pattern.source}`);
    return this.errors.length === before;
  }

  int(name: string, value: unknown, c: IntConstraint = {}): value is number {
    if (value === undefined || value === null) return false;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.fail(name, value, `Member must be an integer, got ${typeOf(value)}`);
      return false;
    }
    const before = this.errors.length;
    if (c.min !== undefined && value < c.min) this.fail(name, value, `Member must have value greater than or equal to ${c.min}`);
    if (c.max !== undefined && value > c.max) this.fail(name, value, `Member must have value less than or equal to ${c.max}`);
    return this.errors.length === before;
  }

  boolean(name: string, value: unknown): value is boolean {
    if (value === undefined || value === null) return false;
    if (typeof value !== 'boolean') {
      this.fail(name, value, `Member must be a boolean, got ${typeOf(value)}`);
      return false;
    }
    return true;
  }

  enumeration<T extends string>(name: string, value: unknown, allowed: readonly T[]): value is T {
    if (value === undefined || value === null) return false;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail(name, value, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
      return false;
    }
    return true;
  }

  object(name: string, value: unknown): value is Record<string, unknown> {
    if (value === undefined || value === null) return false;
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.fail(name, value, `Member must be a structure, got ${typeOf(value)}`);
      return false;
    }
    return true;
  }

  list(name: string, value: unknown, c: IntConstraint = {}): value is unknown[] {
    if (value === undefined || value === null) return false;
    if (!Array.isArray(value)) {
      this.fail(name, value, `Member must be a list, got ${typeOf(value)}`);
      return false;
    }
    const before = this.errors.length;
    if (c.min !== undefined && value.length < c.min) this.fail(name, value, `Member must have length greater than or equal to ${c.min}`);
    if (c.max !== undefined && value.length > c.max) this.fail(name, value, `Member must have length less than or equal to ${c.max}`);
    return this.errors.length === before;
  }

  /** A Smithy union: exactly one of `members` set. Returns the member name, or undefined after recording an error. */
  union(name: string, value: unknown, members: readonly string[]): string | undefined {
    if (!this.object(name, value)) return undefined;
    const set = Object.keys(value).filter((k) => value[k] !== undefined && value[k] !== null);
    const unknown = set.filter((k) => !members.includes(k));
    if (unknown.length > 0) {
      this.fail(name, value, `Member must be one of [${members.join(', ')}], got unknown member '${unknown[0]}'`);
      return undefined;
    }
    if (set.length !== 1) {
      this.fail(name, value, `Member must have exactly one of [${members.join(', ')}] set, got ${set.length}`);
      return undefined;
    }
    return set[0];
  }

  /** Throws one ValidationException listing every recorded error. */
  done(): void {
    if (this.errors.length > 0) throw validationError(this.errors);
  }
}

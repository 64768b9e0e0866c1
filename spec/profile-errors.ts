// Turns Ajv's errors into sentences a profile author can act on: the file, the key (dotted path), what was expected and
// what was received. Pure.
import type { ErrorObject } from 'ajv';

export class ProfileValidationError extends Error {
  readonly fileName: string;
  readonly issues: readonly string[];

  constructor(fileName: string, issues: readonly string[]) {
    super(`${fileName}: invalid target profile (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
      issues.map((issue) => `  - ${issue}`).join('\n'));
    this.name = 'ProfileValidationError';
    this.fileName = fileName;
    this.issues = Object.freeze([...issues]);
  }
}

/** `{"a":1}` → `object`, `"x"` → `string "x"`, `3` → `number 3`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `array ${JSON.stringify(value)}`;
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`;
  if (typeof value === 'object') return 'object';
  return `${typeof value} ${String(value)}`;
}

/** JSON pointer `/limits/nameBytes` → `limits.nameBytes`; array items as `errnos.hardLink[1]`. */
function pointerToKey(pointer: string): string {
  if (pointer === '') return '';
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((key, part) => (/^\d+$/.test(part) ? `${key}[${part}]` : key === '' ? part : `${key}.${part}`), '');
}

function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let value: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

const join = (parent: string, child: string): string => (parent === '' ? child : `${parent}.${child}`);

/** One sentence per Ajv error (pass `allErrors: true` to Ajv so every problem is reported at once). */
export function formatSchemaError(error: ErrorObject, raw: unknown, allowedKeys: (schemaPath: string) => string[]): string {
  const key = pointerToKey(error.instancePath);
  const received = describeValue(valueAt(raw, error.instancePath));
  const where = key === '' ? 'top level' : `key '${key}'`;
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const allowed = allowedKeys(error.schemaPath);
      return `unknown key '${join(key, String(p['additionalProperty']))}'${allowed.length ? ` (valid keys here: ${allowed.join(', ')})` : ''}`;
    }
    case 'required':
      return `missing required key '${join(key, String(p['missingProperty']))}'`;
    case 'type':
      return `${where}: expected ${String(p['type'])}, received ${received}`;
    case 'enum':
      return `${where}: expected one of ${(p['allowedValues'] as unknown[]).join(', ')}, received ${received}`;
    case 'minimum':
    case 'maximum':
      return `${where}: expected a number ${error.keyword === 'minimum' ? '>=' : '<='} ${String(p['limit'])}, received ${received}`;
    case 'minItems':
      return `${where}: expected a list of at least ${String(p['limit'])} item(s), received ${received}`;
    case 'minLength':
      return `${where}: expected a non-empty string, received ${received}`;
    case 'uniqueItems':
      return `${where}: expected no duplicates, received ${received}`;
    case 'pattern':
      return `${where}: expected a string matching ${String(p['pattern'])}, received ${received}`;
    case 'propertyNames':
      return `${where}: invalid key ${JSON.stringify(p['propertyName'])}`;
    default:
      return `${where}: ${error.message ?? error.keyword}, received ${received}`;
  }
}

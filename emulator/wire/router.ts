// Route matching on the raw path. The data plane puts a fully percent-encoded ARN in one segment
// (`runtime%2Fname-...`), so the path is split on '/' *before* each segment is decoded; decoding first would break
// the ARN into several segments.
import type { HttpMethod, Operation } from './types.ts';

interface CompiledRoute<Ctx> {
  readonly operation: Operation<Ctx>;
  /** Literal segment, or `{name}` for a label. */
  readonly segments: readonly string[];
}

export type RouteMatch<Ctx> =
  | { kind: 'match'; operation: Operation<Ctx>; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: HttpMethod[] }
  | { kind: 'not-found' }
  | { kind: 'bad-path'; reason: string };

/** Splits a raw request path into decoded segments, ignoring one trailing slash (control-plane paths end with '/'). */
export function splitRawPath(rawPath: string): string[] | { error: string } {
  const path = rawPath.split('?')[0] ?? '';
  if (!path.startsWith('/')) return { error: 'path must start with /' };
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(1, -1) : path.slice(1);
  if (trimmed === '') return [];
  const out: string[] = [];
  for (const raw of trimmed.split('/')) {
    try {
      out.push(decodeURIComponent(raw));
    } catch {
      return { error: `malformed percent-encoding in path segment '${raw}'` };
    }
  }
  return out;
}

const templateSegments = (template: string): string[] => {
  const s = splitRawPath(template);
  if (!Array.isArray(s)) throw new Error(`bad route template ${template}`);
  return s;
};

export class Router<Ctx> {
  readonly #routes: CompiledRoute<Ctx>[] = [];

  constructor(operations: readonly Operation<Ctx>[]) {
    for (const operation of operations) {
      const segments = templateSegments(operation.path);
      const clash = this.#routes.find(
        (r) => r.operation.method === operation.method && r.segments.join('/') === segments.join('/'),
      );
      if (clash) throw new Error(`routes ${clash.operation.name} and ${operation.name} collide`);
      this.#routes.push({ operation, segments });
    }
  }

  match(method: string, rawPath: string): RouteMatch<Ctx> {
    const segments = splitRawPath(rawPath);
    if (!Array.isArray(segments)) return { kind: 'bad-path', reason: segments.error };
    const allowed: HttpMethod[] = [];
    for (const route of this.#routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      if (route.operation.method === method) return { kind: 'match', operation: route.operation, params };
      allowed.push(route.operation.method);
    }
    return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
  }
}

function matchSegments(template: readonly string[], actual: readonly string[]): Record<string, string> | undefined {
  if (template.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const t = template[i]!;
    const a = actual[i]!;
    if (t.startsWith('{') && t.endsWith('}')) {
      if (a === '') return undefined;
      params[t.slice(1, -1)] = a;
    } else if (t !== a) {
      return undefined;
    }
  }
  return params;
}

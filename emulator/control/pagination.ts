// Paging for the List* operations. The token is opaque to clients but self-describing to us: it names the listing it
// came from, so a token from one list (or a forged one) is a ValidationException rather than a silently wrong page.
import { FieldChecker } from '../aws/field-checker.ts';
import type { Page, PageRequest } from './registry-api.ts';

/** The real default is undocumented; a generous one keeps non-paginating callers working. */
const DEFAULT_MAX_RESULTS = 100;

interface TokenBody {
  readonly scope: string;
  readonly offset: number;
}

export function paginate<T>(items: readonly T[], page: PageRequest, scope: string): Page<T> {
  const offset = page.nextToken === undefined ? 0 : decode(page.nextToken, scope);
  const end = offset + (page.maxResults ?? DEFAULT_MAX_RESULTS);
  return {
    items: items.slice(offset, end),
    ...(end < items.length ? { nextToken: encode({ scope, offset: end }) } : {}),
  };
}

const encode = (body: TokenBody): string => Buffer.from(JSON.stringify(body)).toString('base64url');

function decode(token: string, scope: string): number {
  try {
    const body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<TokenBody>;
    if (body.scope === scope && Number.isInteger(body.offset) && (body.offset as number) >= 0) return body.offset as number;
  } catch {
    // fall through to the validation error
  }
  const c = new FieldChecker();
  c.fail('nextToken', token, 'Member must be a nextToken returned by a previous call of this operation');
  c.done();
  throw new Error('unreachable');
}

// The request body of a restJson1 operation, for both planes and the emulator's own endpoints.
import { cannotParse } from './errors.ts';

/** The body as a JSON object. An empty body counts as `{}`, so missing members surface as field errors. */
export function jsonObjectBody(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw cannotParse(`Could not parse request body into json: ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw cannotParse('Could not parse request body into json: expected a JSON object');
  return parsed as Record<string, unknown>;
}

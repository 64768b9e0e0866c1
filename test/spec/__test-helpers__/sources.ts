// The documents claims and profiles quote, read from ../shared when it is there (it lives outside the repository):
// the blog, the API reference, and the Developer Guide through shared/reference/agentcore-devguide.md, which copies
// its statements. A quote must appear verbatim, with markdown bold markers dropped (and the guide's code markers).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const GUIDE_URL = 'https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/';

export const SOURCES_DIR = process.env['SSC_SOURCES_DIR'] ?? resolve(fileURLToPath(new URL('../../../', import.meta.url)), '../shared');

const FILES = {
  blog: join(SOURCES_DIR, 'seeds/session-storage-blog.md'),
  api: join(SOURCES_DIR, 'reference/agentcore-api.md'),
  guide: join(SOURCES_DIR, 'reference/agentcore-devguide.md'),
} as const;

export const GUIDE_FILE = FILES.guide;

/** Whether every quoted document is present (tests that read them are skipped otherwise). */
export const haveSources = Object.values(FILES).every((f) => existsSync(f));

type Document = keyof typeof FILES;

let texts: Record<Document, string> | undefined;
function text(document: Document): string {
  texts ??= {
    blog: readFileSync(FILES.blog, 'utf8').replaceAll('**', ''),
    api: readFileSync(FILES.api, 'utf8').replaceAll('**', ''),
    guide: readFileSync(FILES.guide, 'utf8').replaceAll('**', '').replaceAll('`', ''),
  };
  return texts[document];
}

/** Which of the copies a source's `document` names, or undefined for a document not kept here. */
export function documentOf(document: string): Document | undefined {
  if (document === 'blog' || document === 'api') return document;
  return document.startsWith(GUIDE_URL) ? 'guide' : undefined;
}

/** Whether a source's quote is found verbatim in its document (true for documents not kept here). */
export function quoteFound(source: { document: string; quote: string }): boolean {
  const document = documentOf(source.document);
  return document === undefined || text(document).includes(source.quote);
}

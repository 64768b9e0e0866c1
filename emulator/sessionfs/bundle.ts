// The filesystem server runs as its own process per session. Starting it through a TypeScript loader costs ~200 ms;
// bundling it once (esbuild, ~50 ms) into one plain ESM file makes each start a bare `node file.mjs`.
import { buildSync } from 'esbuild';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./main.ts', import.meta.url));

/** Writes the server bundle into `dir` (readable by the sessions' uids) and returns its path. */
export function bundleServer(dir: string): string {
  const outfile = join(dir, 'sessionfs-server.mjs');
  buildSync({ entryPoints: [ENTRY], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'error' });
  chmodSync(outfile, 0o644);
  return outfile;
}

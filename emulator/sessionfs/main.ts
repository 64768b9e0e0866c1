// Entry point of a session filesystem process. The emulator opens /dev/fuse, passes it as fd 3, sends one JSON
// line of configuration on stdin, and mounts. Dirty paths go to stdout as JSON lines; diagnostics to stderr.
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { serve, type ServerConfig } from './server.ts';

const FUSE_FD = 3;

const config = await new Promise<ServerConfig>((resolve, reject) => {
  createInterface({ input: process.stdin })
    .once('line', (line) => resolve(JSON.parse(line) as ServerConfig))
    .once('close', () => reject(new Error('no configuration on stdin')));
});
// The server needs nothing but the fd and the backing directory, which the session's uid owns.
process.setgroups?.([]);
process.setgid!(config.gid);
process.setuid!(config.uid);
process.umask(0);
process.stdin.destroy();

serve(FUSE_FD, {
  backing: config.backing,
  policy: config.policy,
  ids: { uid: config.uid, gid: config.gid },
  usage: config.usage,
  attrs: config.attrs,
  journal: config.journal,
  onDirty: (records) => writeSync(1, JSON.stringify(records) + '\n'),
  log: (m) => writeSync(2, `[sessionfs] ${m}\n`),
});
process.exit(0);

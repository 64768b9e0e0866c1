// The control plane's state on disk, so that an emulator restarted on the same state directory still knows its
// runtimes (and can resume their stored sessions), as the real service would. One JSON file, replaced atomically
// after every change (util/atomic-write.ts): a crash leaves the previous or the next state,
// never half of one. Idempotency tokens are not kept: a retry across a restart is a new request.
import { readFileSync } from 'node:fs';
import { writeFileAtomicallySync } from '../util/atomic-write.ts';
import type { EndpointRecord, RuntimeRecord, VersionRecord } from './registry-records.ts';
import { freeze } from './validate-runtime.ts';

export interface RegistrySnapshot {
  readonly format: 1;
  readonly runtimes: readonly StoredRuntime[];
}

type StoredRuntime = Omit<RuntimeRecord, 'versions' | 'latest' | 'endpoints'> & {
  readonly versions: readonly VersionRecord[];
  readonly latest: string;
  readonly endpoints: readonly EndpointRecord[];
};

function toSnapshot(runtimes: Iterable<RuntimeRecord>): RegistrySnapshot {
  return {
    format: 1,
    runtimes: [...runtimes].map((rt) => ({ ...rt, versions: [...rt.versions.values()], latest: rt.latest.version, endpoints: [...rt.endpoints.values()] })),
  };
}

function fromSnapshot(snapshot: RegistrySnapshot): RuntimeRecord[] {
  if (snapshot.format !== 1 || !Array.isArray(snapshot.runtimes)) throw new Error(`unknown registry format ${String(snapshot.format)}`);
  const stored: readonly StoredRuntime[] = snapshot.runtimes;
  return stored.map((s) => {
    // Stored configurations are immutable in memory (see validate-runtime.ts): freeze what was read as well.
    const versions = new Map(s.versions.map((v) => [v.version, { ...v, configuration: freeze(v.configuration) }]));
    const latest = versions.get(s.latest);
    if (!latest) throw new Error(`runtime ${s.id}: latest version ${s.latest} is not among its versions`);
    return { ...s, tags: s.tags === undefined ? undefined : freeze(s.tags), versions, latest, endpoints: new Map(s.endpoints.map((e) => [e.name, e])) };
  });
}

/** The stored runtimes, or none when the file does not exist yet. A damaged file is an error, not an empty state. */
export function readRegistryFile(path: string): RuntimeRecord[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  try {
    return fromSnapshot(JSON.parse(text) as RegistrySnapshot);
  } catch (e) {
    throw new Error(`cannot read the emulator's runtimes from ${path}: ${(e as Error).message}`);
  }
}

export function writeRegistryFile(path: string, runtimes: Iterable<RuntimeRecord>): void {
  writeFileAtomicallySync(path, JSON.stringify(toSnapshot(runtimes)));
}

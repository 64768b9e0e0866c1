// `filesystemConfigurations`: a list of unions (one mount each). Beyond the per-member shapes of the model, the
// Developer Guide's rules are cross-element and cross-member:
//   C1  at most 5 configurations, 2 S3 Files access points, 2 EFS access points, 1 managed session storage;
//   C2  a mount path is exactly one level under /mnt (the model's pattern admits `/mnt/.` and `/mnt/..`, which are not);
//   C3  every mount path unique, none a subdirectory of another;
//   C4  bring-your-own file systems (S3 Files, EFS) need networkMode VPC;
//   C5  session storage and bring-your-own file systems are refused alongside capacityProviderConfiguration (an
//       Instances runtime), whose own managed type is the capacity provider volume (Instances only, API reference).
import type { FieldChecker, StringConstraint } from '../aws/field-checker.ts';
import { CONSTRAINTS, FILESYSTEM_KINDS, FILESYSTEM_LIMITS, RANGES, type FilesystemKind } from './constraints.ts';
import { prune, RUNTIME_CONFIGURATION } from './modelled-members.ts';
import type { FilesystemConfiguration } from './data-plane-view.ts';

/** Members besides `mountPath` that each kind requires. */
const KIND_MEMBERS: Record<FilesystemKind, Record<string, StringConstraint>> = {
  sessionStorage: {},
  s3FilesAccessPoint: { accessPointArn: CONSTRAINTS.s3FilesAccessPointArn },
  efsAccessPoint: { accessPointArn: CONSTRAINTS.efsAccessPointArn },
  capacityProviderVolume: { volumeName: CONSTRAINTS.volumeName },
};

const BRING_YOUR_OWN: readonly FilesystemKind[] = ['s3FilesAccessPoint', 'efsAccessPoint'];

/** What the rest of the request says about where the runtime runs. */
export interface RuntimeKind {
  /** `networkConfiguration.networkMode` (PUBLIC when omitted). */
  readonly networkMode: unknown;
  /** Whether `capacityProviderConfiguration` is given: an Instances runtime rather than a microVM one. */
  readonly instances: boolean;
}

/** `/mnt/data/` → `/mnt/data`: one trailing slash names the same directory. */
const normalise = (path: string): string => path.replace(/\/$/, '');
const nested = (inner: string, outer: string): boolean => inner.startsWith(`${outer}/`);

/** C2: the one level under /mnt must name a subdirectory, which `.` (/mnt itself) and `..` (/) do not. */
const namesItself = (path: string): boolean => /^\/mnt\/\.{1,2}$/.test(normalise(path));

/**
 * Returns the configurations to store: undefined when absent or empty (`[]` disables storage exactly like omitting
 * the member, and GetAgentRuntime then has no key), or undefined after recording errors.
 */
export function checkFilesystemConfigurations(c: FieldChecker, value: unknown, runtime: RuntimeKind): FilesystemConfiguration[] | undefined {
  const name = 'filesystemConfigurations';
  if (!c.list(name, value, RANGES.filesystemConfigurations)) return undefined;
  const before = c.errors.length;
  const mounts: { path: string; field: string }[] = [];
  const counts = new Map<FilesystemKind, number>();
  value.forEach((element, i) => {
    const at = `${name}.${i + 1}.member`;
    const kind = c.union(at, element, FILESYSTEM_KINDS) as FilesystemKind | undefined;
    if (!kind) return;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
    const inner = (element as Record<string, unknown>)[kind];
    const path = `${at}.${kind}`;
    checkPlacement(c, path, kind, runtime);
    if (!c.object(path, inner)) return;
    for (const [member, constraint] of Object.entries(KIND_MEMBERS[kind])) {
      if (c.required(`${path}.${member}`, inner[member])) c.string(`${path}.${member}`, inner[member], constraint);
    }
    const mountPath = inner.mountPath;
    const field = `${path}.mountPath`;
    if (!c.required(field, mountPath) || !c.string(field, mountPath, CONSTRAINTS.mountPath)) return;
    if (namesItself(mountPath)) c.fail(field, mountPath, 'Member must name one subdirectory level under /mnt, which . and .. do not');
    else checkMountPath(c, mounts, { path: normalise(mountPath), field }, mountPath);
  });
  for (const [kind, max] of Object.entries(FILESYSTEM_LIMITS.perKind) as [FilesystemKind, number][]) {
    const n = counts.get(kind) ?? 0;
    if (n > max) c.fail(name, `${n} ${kind} elements`, `At most ${max} ${kind} configuration${max === 1 ? ' is' : 's are'} allowed per agent runtime`);
  }
  if (c.errors.length !== before || value.length === 0) return undefined;
  // Store only the modelled members, so an ignored extra member is not echoed back as if it were configured.
  return prune(value, RUNTIME_CONFIGURATION.filesystemConfigurations!) as FilesystemConfiguration[];
}

/** C4 and C5: which kinds the runtime's compute and network allow. */
function checkPlacement(c: FieldChecker, path: string, kind: FilesystemKind, runtime: RuntimeKind): void {
  const value = `${kind} configuration`;
  if (kind === 'capacityProviderVolume') {
    if (!runtime.instances)
      c.fail(path, value, 'Member needs capacityProviderConfiguration: capacity provider volumes exist only on Instances runtimes');
    return;
  }
  if (runtime.instances) c.fail(path, value, `Member is not supported alongside capacityProviderConfiguration (Instances runtimes)`);
  else if (BRING_YOUR_OWN.includes(kind) && runtime.networkMode !== 'VPC')
    c.fail(path, value, `Member needs networkConfiguration.networkMode VPC: bring-your-own file systems are reached through the runtime's VPC`);
}

/** C3: unique, and not a subdirectory of another mount (or the other way round). */
function checkMountPath(c: FieldChecker, seen: { path: string; field: string }[], mount: { path: string; field: string }, given: string): void {
  const clash = seen.find((m) => m.path === mount.path || nested(mount.path, m.path) || nested(m.path, mount.path));
  if (!clash) seen.push(mount);
  else if (clash.path === mount.path)
    c.fail(mount.field, given, `Member must be unique across filesystemConfigurations (also used by ${clash.field})`);
  else c.fail(mount.field, given, `Member must not be a subdirectory of another mount path, or contain one (${clash.field})`);
}

// `filesystemConfigurations`: a list of unions (one mount each). Beyond the per-member shapes, the service rules are
// cross-element: at most one managed `sessionStorage`, and no two mounts at the same path.
import type { FieldChecker, StringConstraint } from '../wire/validate.ts';
import { CONSTRAINTS, FILESYSTEM_KINDS, RANGES, type FilesystemKind } from './constraints.ts';
import type { FilesystemConfiguration } from './types.ts';

/** Members besides `mountPath` that each kind requires. */
const KIND_MEMBERS: Record<FilesystemKind, Record<string, StringConstraint>> = {
  sessionStorage: {},
  s3FilesAccessPoint: { accessPointArn: CONSTRAINTS.s3FilesAccessPointArn },
  efsAccessPoint: { accessPointArn: CONSTRAINTS.efsAccessPointArn },
  capacityProviderVolume: { volumeName: CONSTRAINTS.volumeName },
};

/** `/mnt/data` and `/mnt/data/` are the same mount. */
const mountKey = (path: string): string => path.replace(/\/$/, '');

/**
 * Returns the configurations to store: undefined when absent or empty (`[]` disables storage exactly like omitting
 * the member, and GetAgentRuntime then has no key), or undefined after recording errors.
 */
export function checkFilesystemConfigurations(c: FieldChecker, value: unknown): FilesystemConfiguration[] | undefined {
  const name = 'filesystemConfigurations';
  if (!c.list(name, value, RANGES.filesystemConfigurations)) return undefined;
  const before = c.errors.length;
  const seenMounts = new Map<string, string>();
  let sessionStorageCount = 0;
  value.forEach((element, i) => {
    const at = `${name}.${i + 1}.member`;
    const kind = c.union(at, element, FILESYSTEM_KINDS) as FilesystemKind | undefined;
    if (!kind) return;
    if (kind === 'sessionStorage') sessionStorageCount++;
    const inner = (element as Record<string, unknown>)[kind];
    const path = `${at}.${kind}`;
    if (!c.object(path, inner)) return;
    for (const [member, constraint] of Object.entries(KIND_MEMBERS[kind])) {
      if (c.required(`${path}.${member}`, inner[member])) c.string(`${path}.${member}`, inner[member], constraint);
    }
    const mountPath = inner.mountPath;
    if (!c.required(`${path}.mountPath`, mountPath) || !c.string(`${path}.mountPath`, mountPath, CONSTRAINTS.mountPath)) return;
    const previous = seenMounts.get(mountKey(mountPath));
    if (previous !== undefined)
      c.fail(`${path}.mountPath`, mountPath, `Member must be unique across filesystemConfigurations (also used by ${previous})`);
    else seenMounts.set(mountKey(mountPath), `${path}.mountPath`);
  });
  if (sessionStorageCount > 1)
    c.fail(name, `${sessionStorageCount} sessionStorage elements`, 'At most one sessionStorage configuration is allowed');
  if (c.errors.length !== before || value.length === 0) return undefined;
  // Store only the modelled members, so an ignored extra member is not echoed back as if it were configured.
  return (value as Record<string, Record<string, string>>[]).map((element) => {
    const kind = Object.keys(element).find((k) => element[k] !== undefined && element[k] !== null) as FilesystemKind;
    const inner = element[kind]!;
    const kept: Record<string, string> = {};
    for (const member of [...Object.keys(KIND_MEMBERS[kind]), 'mountPath']) kept[member] = inner[member]!;
    return { [kind]: kept } as FilesystemConfiguration;
  });
}

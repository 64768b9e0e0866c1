// A session's ids: inside its user namespace id `i` (0 ≤ i < size) is host id `base + i`, for uids and gids alike.
// `base` is the session's root on the host, the id its filesystem server runs as; the whole range belongs to the
// session, so "every process of the session" and "the session's files" are those whose host id lies in it.

/** What a microVM gives its root: every 16-bit id, as a container runtime maps them. */
export const IDS_PER_SESSION = 65_536;

export interface IdRange {
  /** Host id of the session's root (inside id 0). */
  readonly base: number;
  readonly size: number;
}

export const idRange = (base: number, size = IDS_PER_SESSION): IdRange => ({ base, size });

export const inRange = (range: IdRange, hostId: number): boolean => hostId >= range.base && hostId < range.base + range.size;

/** The line for /proc/<pid>/uid_map and gid_map: inside 0.. onto host base.. */
export const idMapLine = (range: IdRange): string => `0 ${range.base} ${range.size}\n`;

// Spawn option for every process the emulator starts (sandboxes, filesystem servers, mount/umount, cp, chown...):
// a process group and session of its own, so no terminal signal reaches it. A terminal's Ctrl-C goes to its whole
// foreground process group; children in the emulator's group would die with the emulator's own SIGINT, while the
// emulator still needs them to stop its sessions in order (kill the compute, unmount through the live filesystem
// server, flush to the store). The emulator alone decides when they end; if it dies, sandboxes follow it
// (bwrap --die-with-parent) and filesystem servers exit once their mount is gone.
export const OWN_PROCESS_GROUP = { detached: true } as const;

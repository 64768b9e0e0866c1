#!/usr/bin/env bash
# The local-container target's templates (target.yaml). Every value arrives in the environment: SSC_RUN_ID,
# SSC_STATE_DIR, SSC_STORAGE, SSC_SESSION, SSC_MOUNT_PATH ('' when the storage is disabled), SSC_COMMAND.
#   container.sh setup            the root filesystem directory, once per run
#   container.sh run              the command in the session's container (started on the session's volume if needed)
#   container.sh stop             removes the session's container (its volume stays)
#   container.sh delete-storage   removes the containers and volumes of storage SSC_STORAGE
#   container.sh sweep            removes every container and volume of run SSC_RUN_ID
# A failure of podman itself is written to SSC_PLATFORM_ERROR; the command's own output and exit code pass through.
set -uo pipefail
# Debian's runc: crun 1.8 refuses hosts with cgroup v1 controllers beside a cgroup v2 mount ("cgroups in hybrid mode
# not supported"), as this one has.
podman=(podman --log-level error --runtime runc --events-backend file)
rootfs=$SSC_STATE_DIR/rootfs
# A session belongs to its storage: one session id on two storages is two containers and two volumes. Named by a
# digest of both: a session id has up to 256 characters, more than a volume's directory or the lock file may have.
container=ssc-$(printf '%s\n%s' "${SSC_STORAGE:-}" "${SSC_SESSION:-}" | sha256sum | cut -c1-40)
# Podman's default limits are above this host's hard limits, which cannot be raised here (no CAP_SYS_RESOURCE): set
# them explicitly. runc refused RLIMIT_NPROC at 65536 below a hard limit of 96367 (EPERM) and took 20000.
nofile=$(ulimit -Hn); nproc=$(ulimit -Hu)
[ "$nofile" = unlimited ] || [ "$nofile" -gt 65536 ] && nofile=65536
[ "$nproc" = unlimited ] || [ "$nproc" -gt 16384 ] && nproc=16384
limits=(--ulimit "nofile=$nofile:$nofile" --ulimit "nproc=$nproc:$nproc")

platform() { printf '%s\n' "$*" >> "$SSC_PLATFORM_ERROR"; exit 1; }

case $1 in
  setup)
    # The host's /usr (bound read-only at run) plus the few /etc files programs read; everything else is empty.
    mkdir -p "$rootfs"/{usr,etc,tmp,root,mnt,proc,sys,dev,run,var/tmp,home} || exit 1
    for d in bin lib lib64 sbin; do ln -sfn "usr/$d" "$rootfs/$d"; done
    cp -a /etc/passwd /etc/group /etc/nsswitch.conf /etc/ld.so.cache /etc/alternatives "$rootfs/etc/" ;;
  run)
    command -v podman >/dev/null || platform "podman is not installed (apt-get install podman runc)"
    exec 9> "$SSC_STATE_DIR/$container.lock" && flock 9
    if ! "${podman[@]}" container exists "$container"; then
      volume=()
      if [ -n "$SSC_MOUNT_PATH" ]; then
        name=$container
        "${podman[@]}" volume exists "$name" 9>&- || "${podman[@]}" volume create --label "ssc.run=$SSC_RUN_ID" --label "ssc.storage=$SSC_STORAGE" --label "ssc.session=$SSC_SESSION" "$name" >/dev/null \
          || platform "podman volume create $name failed"
        volume=(-v "$name:$SSC_MOUNT_PATH")
      fi
      out=$("${podman[@]}" run -d --name "$container" --label "ssc.run=$SSC_RUN_ID" --label "ssc.storage=$SSC_STORAGE" --label "ssc.session=$SSC_SESSION" "${limits[@]}" \
        --network none --read-only --tmpfs /tmp --tmpfs /run --tmpfs /var/tmp --tmpfs /root \
        -v /usr:/usr:ro "${volume[@]}" --rootfs "$rootfs" /usr/bin/sleep infinity 2>&1 9>&-) || platform "podman run failed: $out"
    fi
    exec 9>&-
    # Without -i the command gets no stdin, as on AgentCore; stdout and stderr stay apart (no -t).
    exec "${podman[@]}" exec -w / "$container" /usr/bin/bash -c "$SSC_COMMAND" ;;
  stop)
    out=$("${podman[@]}" rm -f -t 0 --ignore "$container" 2>&1 >/dev/null) || platform "podman rm failed: $out" ;;
  delete-storage|sweep)
    if [ "$1" = sweep ]; then filter=ssc.run=$SSC_RUN_ID; else filter=ssc.storage=$SSC_STORAGE; fi
    mapfile -t ids < <("${podman[@]}" ps -aq --filter "label=$filter")
    [ ${#ids[@]} -eq 0 ] || "${podman[@]}" rm -f -t 0 "${ids[@]}" >/dev/null || platform "podman rm of $filter failed"
    mapfile -t volumes < <("${podman[@]}" volume ls -q --filter "label=$filter")
    [ ${#volumes[@]} -eq 0 ] || "${podman[@]}" volume rm -f "${volumes[@]}" >/dev/null || platform "podman volume rm of $filter failed" ;;
  *) echo "container.sh: unknown action '$1'" >&2; exit 2 ;;
esac

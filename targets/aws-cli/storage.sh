#!/usr/bin/env bash
# A storage configuration is an AgentCore runtime, driven with Debian's AWS CLI against --endpoint-url.
#   storage.sh create  <endpoint> <name> <mountPath or ''>   → prints the runtime ARN (the storage handle)
#   storage.sh create-agent <endpoint> <name> <mountPath> <env JSON> → the same, running the probe agent with that env
#   storage.sh disable <endpoint> <arn>  <mountPath>         → UpdateAgentRuntime with filesystemConfigurations []
#   storage.sh bump    <endpoint> <arn>  <mountPath>         → UpdateAgentRuntime that changes only the description
#   storage.sh delete  <endpoint> <arn>  <mountPath>         → DeleteAgentRuntime (already gone is fine)
# Each waits until the runtime is READY (or gone). The image and role are placeholders the emulator accepts.
set -euo pipefail
action=$1 endpoint=$2 handle=$3 mount=${4:-}
aws=(/usr/bin/aws --endpoint-url "$endpoint" --output text bedrock-agentcore-control)
IMAGE='{"containerConfiguration":{"containerUri":"123456789012.dkr.ecr.us-east-1.amazonaws.com/ssc-probe:latest"}}'
# The embedded emulator runs fixtures/probe-agent for this image URI (EMULATOR_PROBE_AGENT_URI in fixtures/agent.ts).
AGENT_IMAGE='{"containerConfiguration":{"containerUri":"123456789012.dkr.ecr.us-east-1.amazonaws.com/ssc-probe-agent:latest"}}'
ROLE=arn:aws:iam::123456789012:role/ssc
storage_json() { # the filesystemConfigurations of a mount path ('' → none)
  if [ -z "$1" ]; then echo '[]'; else /usr/bin/python3 -c 'import json,sys; print(json.dumps([{"sessionStorage": {"mountPath": sys.argv[1]}}]))' "$1"; fi
}
wait_ready() {
  for _ in $(seq 1 600); do
    status=$("${aws[@]}" get-agent-runtime --agent-runtime-id "$1" --query status)
    case $status in
      READY) return 0 ;;
      *_FAILED) echo "runtime $1 is $status" >&2; return 1 ;;
    esac
    sleep 0.1
  done
  echo "runtime $1 not READY (last status $status)" >&2
  return 1
}
case $action in
  create|create-agent)
    fs=(); [ -n "$mount" ] && fs=(--filesystem-configurations "$(storage_json "$mount")")
    image=$IMAGE agent=()
    [ "$action" = create-agent ] && image=$AGENT_IMAGE agent=(--environment-variables "$5")
    arn=$("${aws[@]}" create-agent-runtime --agent-runtime-name "$handle" --agent-runtime-artifact "$image" --role-arn "$ROLE" \
      --network-configuration networkMode=PUBLIC "${fs[@]}" "${agent[@]}" --query agentRuntimeArn)
    wait_ready "${arn##*/}"
    echo "$arn" ;;
  disable|bump)
    if [ "$action" = disable ]; then fs='[]'; description='session storage disabled'; else fs=$(storage_json "$mount"); description="version bump $(date +%s%N)"; fi
    "${aws[@]}" update-agent-runtime --agent-runtime-id "${handle##*/}" --agent-runtime-artifact "$IMAGE" --role-arn "$ROLE" \
      --network-configuration networkMode=PUBLIC --filesystem-configurations "$fs" --description "$description" --query agentRuntimeVersion >/dev/null
    wait_ready "${handle##*/}" ;;
  delete)
    out=$("${aws[@]}" delete-agent-runtime --agent-runtime-id "${handle##*/}" 2>&1 >/dev/null) || {
      case $out in *ResourceNotFoundException*) exit 0 ;; *) echo "$out" >&2; exit 1 ;; esac
    } ;;
  *) echo "storage.sh: unknown action '$action'" >&2; exit 2 ;;
esac

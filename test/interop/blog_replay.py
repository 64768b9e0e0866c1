"""Replays the boto3 steps of shared/seeds/session-storage-blog.md against an endpoint given by AWS_ENDPOINT_URL.

The calls and arguments are the blog's own (run_command wraps the command in /bin/bash -c "...", contentType and
accept as in the post); only the deploy step differs, since the blog deployed with the starter toolkit. Prints one
JSON object with what each step observed, for the calling test to assert on.
"""
import json
import sys

import boto3
import botocore.exceptions

REGION = "us-east-1"
control = boto3.client("bedrock-agentcore-control", region_name=REGION)
client = boto3.client("bedrock-agentcore", region_name=REGION)
observed = {}

created = control.create_agent_runtime(
    agentRuntimeName="coding_agent",
    agentRuntimeArtifact={"containerConfiguration": {"containerUri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/coding-agent:latest"}},
    roleArn="arn:aws:iam::123456789012:role/AgentRole",
    networkConfiguration={"networkMode": "PUBLIC"},
)
RUNTIME_ID = created["agentRuntimeId"]
agent_arn = created["agentRuntimeArn"]

# "Enabling Session Storage"
current = control.get_agent_runtime(agentRuntimeId=RUNTIME_ID)
response = control.update_agent_runtime(
    agentRuntimeId=RUNTIME_ID,
    agentRuntimeArtifact=current["agentRuntimeArtifact"],
    roleArn=current["roleArn"],
    networkConfiguration=current["networkConfiguration"],
    filesystemConfigurations=[{"sessionStorage": {"mountPath": "/mnt/workspace"}}],
)
observed["update_status"] = response["status"]
response = control.get_agent_runtime(agentRuntimeId=RUNTIME_ID)
observed["filesystem_configurations"] = response["filesystemConfigurations"]

session_id = "session-storage-test-001-jinno-yudai"  # Needs 33+ characters


def run_command(command):
    response = client.invoke_agent_runtime_command(
        agentRuntimeArn=agent_arn,
        runtimeSessionId=session_id,
        contentType="application/json",
        accept="application/vnd.amazon.eventstream",
        body={"command": f'/bin/bash -c "{command}"', "timeout": 60},
    )
    out, events, exit_code = "", [], None
    for event in response.get("stream", []):
        if "chunk" in event:
            chunk = event["chunk"]
            events.extend(k for k in ("contentStart", "contentDelta", "contentStop") if k in chunk)
            if "contentDelta" in chunk and chunk["contentDelta"].get("stdout"):
                out += chunk["contentDelta"]["stdout"]
            if "contentStop" in chunk:
                exit_code = chunk["contentStop"].get("exitCode")
    return {"stdout": out, "exit_code": exit_code, "first": events[0], "last": events[-1]}


observed["first_ls"] = run_command("ls -A /mnt/workspace")
observed["write"] = run_command("printf 'def add(a, b):\\n    return a + b\\n' > /mnt/workspace/calculator.py")
observed["cat_before_stop"] = run_command("cat /mnt/workspace/calculator.py")


# "Creating the Agent" / "Resuming Work from Where We Left Off": the blog's invoke, unchanged. The runtime's image is
# mapped to the probe agent, which keeps the conversation under /mnt/workspace/.sessions as FileSessionManager does.
def invoke(prompt):
    resp = client.invoke_agent_runtime(
        agentRuntimeArn=agent_arn,
        runtimeSessionId=session_id,
        payload=json.dumps({
            "prompt": prompt,
            "session_id": "conv-001"
        }).encode()
    )
    return json.loads(b"".join(resp["response"]))["response"]


observed["invoke_first"] = invoke("Please create calculator.py in /mnt/workspace. "
                                  "Implement three functions: add, subtract, multiply. "
                                  "After creating, please list the files in /mnt/workspace.")
client.stop_runtime_session(agentRuntimeArn=agent_arn, runtimeSessionId=session_id)
observed["cat_after_resume"] = run_command("cat /mnt/workspace/calculator.py")
observed["invoke_after_resume"] = invoke("Please add a divide function to the calculator we created earlier. "
                                         "Also, create a test script called test_calculator.py.")
observed["sessions_dir"] = run_command("ls -A /mnt/workspace/.sessions")

# "Bonus: What Happens When Session Storage Is Disabled"
control.update_agent_runtime(
    agentRuntimeId=RUNTIME_ID,
    agentRuntimeArtifact=current["agentRuntimeArtifact"],
    roleArn=current["roleArn"],
    networkConfiguration=current["networkConfiguration"],
    filesystemConfigurations=[],
)
observed["key_after_disable"] = "filesystemConfigurations" in control.get_agent_runtime(agentRuntimeId=RUNTIME_ID)
session_id = "session-storage-test-002-after-disable"
observed["write_when_disabled"] = run_command("mkdir -p /mnt/workspace && touch /mnt/workspace/x")

try:
    control.update_agent_runtime(
        agentRuntimeId=RUNTIME_ID,
        agentRuntimeArtifact=current["agentRuntimeArtifact"],
        roleArn=current["roleArn"],
        networkConfiguration=current["networkConfiguration"],
        filesystemConfigurations=[{"sessionStorage": {"mountPath": "/tmp/workspace"}}],
    )
    observed["bad_mount_path"] = "accepted"
except botocore.exceptions.ClientError as e:
    observed["bad_mount_path"] = e.response["Error"]["Code"]

json.dump(observed, sys.stdout)

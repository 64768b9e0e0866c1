"""The data plane through boto3 (Debian's python3-boto3), for the command target's templates.

  run_command.py run    the command on stdin, in session $SSC_SESSION of runtime $SSC_STORAGE: its stdout and
                        stderr as the event stream delivers them, its exit code as this process's
  run_command.py stop   StopRuntimeSession (a session that is not running is fine)
  run_command.py clock  moves the emulator's clock by $SSC_SECONDS
  run_command.py agent  InvokeAgentRuntime with the payload on stdin in session $SSC_SESSION: the answer's body on stdout

A failure of the platform (an API error, a stream without contentStop) is written to $SSC_PLATFORM_ERROR.
"""
import json
import os
import sys
import urllib.request

import boto3
from botocore.config import Config


def platform_error(message):
    with open(os.environ['SSC_PLATFORM_ERROR'], 'w') as f:
        f.write(message)
    sys.exit(1)


def client():
    config = Config(retries={'mode': 'standard', 'max_attempts': 8}, read_timeout=3900, connect_timeout=10)
    return boto3.client('bedrock-agentcore', endpoint_url=os.environ['SSC_ENDPOINT'], config=config)


def run():
    command = sys.stdin.read()
    body = {'command': command, 'timeout': int(os.environ['SSC_TIMEOUT'])}
    try:
        out = client().invoke_agent_runtime_command(
            agentRuntimeArn=os.environ['SSC_STORAGE'], runtimeSessionId=os.environ['SSC_SESSION'], body=body)
        stop = None
        for event in out['stream']:
            chunk = event.get('chunk') or {}
            delta = chunk.get('contentDelta')
            if delta:
                sys.stdout.write(delta.get('stdout', ''))
                sys.stderr.write(delta.get('stderr', ''))
            if 'contentStop' in chunk:
                stop = chunk['contentStop']
    except Exception as e:  # an API error is the platform's, not the command's
        platform_error(f'{type(e).__name__}: {e}')
    if stop is None:
        platform_error('the command event stream ended without contentStop')
    sys.stdout.flush()
    code = stop.get('exitCode', -1)
    # An exit status is 0-255; a command the target killed (-1) reads 255.
    sys.exit(code if 0 <= code <= 255 else 255)


def stop():
    c = client()
    try:
        c.stop_runtime_session(agentRuntimeArn=os.environ['SSC_STORAGE'], runtimeSessionId=os.environ['SSC_SESSION'])
    except c.exceptions.ResourceNotFoundException:
        pass
    except Exception as e:
        platform_error(f'{type(e).__name__}: {e}')


def agent():
    payload = sys.stdin.buffer.read()
    try:
        out = client().invoke_agent_runtime(
            agentRuntimeArn=os.environ['SSC_STORAGE'], runtimeSessionId=os.environ['SSC_SESSION'], payload=payload,
            contentType='application/json', accept='application/json, text/event-stream')
        body = out['response'].read()
    except Exception as e:  # RuntimeClientError (the agent failed) included: the contract has no other channel for it
        platform_error(f'{type(e).__name__}: {e}')
    sys.stdout.buffer.write(body)


def clock():
    body = json.dumps({'advanceSeconds': int(os.environ['SSC_SECONDS'])}).encode()
    try:
        urllib.request.urlopen(urllib.request.Request(os.environ['SSC_ENDPOINT'] + '/_ssc/clock', data=body, method='POST'))
    except Exception as e:
        platform_error(f'moving the emulator clock: {e}')


{'run': run, 'stop': stop, 'clock': clock, 'agent': agent}[sys.argv[1]]()

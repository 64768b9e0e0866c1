import type { Operation } from '../../types.ts';
import type { DataContext } from '../context.ts';
import { invokeAgentRuntime } from './invoke-agent-runtime.ts';
import { invokeAgentRuntimeCommand } from './invoke-agent-runtime-command.ts';
import { stopRuntimeSession } from './stop-runtime-session.ts';

export const dataOperations: Operation<DataContext>[] = [invokeAgentRuntime, invokeAgentRuntimeCommand, stopRuntimeSession];

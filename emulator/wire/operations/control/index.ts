// Every control-plane operation, ready for `new Router(...)`.
import type { Operation } from '../../types.ts';
import type { ControlContext } from '../context.ts';
import {
  createAgentRuntimeEndpoint,
  deleteAgentRuntimeEndpoint,
  getAgentRuntimeEndpoint,
  listAgentRuntimeEndpoints,
  updateAgentRuntimeEndpoint,
} from './endpoints.ts';
import { listAgentRuntimes, listAgentRuntimeVersions } from './lists.ts';
import { createAgentRuntime, deleteAgentRuntime, getAgentRuntime, updateAgentRuntime } from './runtimes.ts';

export const controlOperations: Operation<ControlContext>[] = [
  createAgentRuntime,
  getAgentRuntime,
  updateAgentRuntime,
  deleteAgentRuntime,
  listAgentRuntimes,
  listAgentRuntimeVersions,
  createAgentRuntimeEndpoint,
  getAgentRuntimeEndpoint,
  updateAgentRuntimeEndpoint,
  deleteAgentRuntimeEndpoint,
  listAgentRuntimeEndpoints,
];

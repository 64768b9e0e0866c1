// ListAgentRuntimes and ListAgentRuntimeVersions: both answer `{ agentRuntimes: AgentRuntime[], nextToken? }`.
import { json, type Operation } from '../../types.ts';
import type { ControlContext } from '../context.ts';
import type { Page, RuntimeVersionView } from '../../../control/registry-api.ts';
import { renderRuntimeSummary } from '../../../control/render.ts';
import { FieldChecker } from '../../../aws/field-checker.ts';
import { labels, pageRequest } from './request.ts';

const renderPage = (page: Page<RuntimeVersionView>) => ({
  agentRuntimes: page.items.map(renderRuntimeSummary),
  ...(page.nextToken !== undefined ? { nextToken: page.nextToken } : {}),
});

export const listAgentRuntimes: Operation<ControlContext> = {
  name: 'ListAgentRuntimes',
  method: 'POST',
  path: '/runtimes/',
  handle(req, ctx) {
    const c = new FieldChecker();
    const page = pageRequest(req, c);
    c.done();
    return json(200, renderPage(ctx.runtimes.listRuntimes(page)));
  },
};

export const listAgentRuntimeVersions: Operation<ControlContext> = {
  name: 'ListAgentRuntimeVersions',
  method: 'POST',
  path: '/runtimes/{agentRuntimeId}/versions/',
  handle(req, ctx) {
    const c = new FieldChecker();
    const { agentRuntimeId } = labels(req, c);
    const page = pageRequest(req, c);
    c.done();
    return json(200, renderPage(ctx.runtimes.listRuntimeVersions(agentRuntimeId, page)));
  },
};

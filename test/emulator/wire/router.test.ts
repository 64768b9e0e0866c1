import { describe, expect, it } from 'vitest';
import { Router, splitRawPath } from '../../../emulator/wire/router.ts';
import { json, type HttpMethod, type Operation } from '../../../emulator/wire/types.ts';

const op = (name: string, method: HttpMethod, path: string): Operation<unknown> => ({ name, method, path, handle: () => json(200, {}) });

describe('splitRawPath', () => {
  it('splits before decoding, so an encoded ARN stays one segment', () => {
    const arn = 'arn:aws:bedrock-agentcore:us-west-2:123456789012:runtime/myAgent-AbCdEf1234';
    expect(splitRawPath(`/runtimes/${encodeURIComponent(arn)}/commands`)).toEqual(['runtimes', arn, 'commands']);
  });
  it('ignores one trailing slash and the query string', () => {
    expect(splitRawPath('/runtimes/a-0123456789/?version=2')).toEqual(['runtimes', 'a-0123456789']);
  });
  it('reports malformed percent-encoding instead of throwing', () => {
    expect(splitRawPath('/runtimes/%E0%A4%A/commands')).toEqual({ error: expect.stringMatching(/malformed percent-encoding/) });
  });
});

describe('Router', () => {
  const router = new Router([
    op('Create', 'PUT', '/runtimes/'),
    op('List', 'POST', '/runtimes/'),
    op('Get', 'GET', '/runtimes/{agentRuntimeId}/'),
    op('Command', 'POST', '/runtimes/{agentRuntimeArn}/commands'),
    op('Versions', 'POST', '/runtimes/{agentRuntimeId}/versions/'),
  ]);

  it('routes both planes on one path space by method and shape', () => {
    expect(router.match('PUT', '/runtimes/')).toMatchObject({ kind: 'match', operation: { name: 'Create' } });
    expect(router.match('POST', '/runtimes/')).toMatchObject({ kind: 'match', operation: { name: 'List' } });
    expect(router.match('GET', '/runtimes/x-0123456789/')).toMatchObject({ kind: 'match', params: { agentRuntimeId: 'x-0123456789' } });
    expect(router.match('POST', `/runtimes/${encodeURIComponent('arn:aws:x:runtime/a')}/commands`)).toMatchObject({
      kind: 'match',
      operation: { name: 'Command' },
      params: { agentRuntimeArn: 'arn:aws:x:runtime/a' },
    });
  });
  it('tells a wrong method from an unknown path', () => {
    expect(router.match('DELETE', '/runtimes/')).toEqual({ kind: 'method-not-allowed', allowed: ['PUT', 'POST'] });
    expect(router.match('GET', '/nothing/here')).toEqual({ kind: 'not-found' });
  });
  it('refuses colliding routes at construction', () => {
    expect(() => new Router([op('A', 'GET', '/x/{a}/'), op('B', 'GET', '/x/{a}')])).toThrow(/collide/);
  });
});

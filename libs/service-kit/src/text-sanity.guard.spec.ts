import type { ExecutionContext } from '@nestjs/common';
import { ValidationError } from './errors';
import { TextSanityGuard } from './text-sanity.guard';

function http(request: { params?: object; query?: object; body?: unknown; path?: string }): ExecutionContext {
  return {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => ({ params: {}, query: {}, body: undefined, path: '/api/x', ...request }) }),
  } as unknown as ExecutionContext;
}

function refusal(request: Parameters<typeof http>[0]): unknown {
  try {
    new TextSanityGuard().canActivate(http(request));
    return undefined;
  } catch (error) {
    return error instanceof ValidationError ? error.details : error;
  }
}

describe('refusing NUL characters before they reach the database', () => {
  const rule = 'must not contain the NUL character (U+0000)';

  it('names where the NUL is: a path parameter, a query value, deep in a body, or a body key', () => {
    expect(refusal({ params: { pledgeId: 'pl_\u0000' } })).toEqual([{ field: 'path.pledgeId', rule }]);
    expect(refusal({ query: { status: 'A\u0000' } })).toEqual([{ field: 'query.status', rule }]);
    expect(refusal({ body: { pledgor: { name: '重庆\u0000' }, ipItems: [{ number: 'ok' }] } })).toEqual([
      { field: 'body.pledgor.name', rule },
    ]);
    expect(refusal({ body: { ipItems: [{ number: 'ok' }, { number: '1\u0000' }] } })).toEqual([{ field: 'body.ipItems[1].number', rule }]);
    expect(refusal({ body: { 'a\u0000': 1 } })).toEqual([{ field: 'body key', rule }]);
  });

  it('lets everything else through, unicode included', () => {
    expect(
      refusal({ params: { id: 'pl_01' }, query: { q: '‮ 👩‍💻 １２３' }, body: { name: '重庆示例 \ud800', n: 1, list: [null, true] } }),
    ).toBeUndefined();
  });
});

// The fields of an access-log line: ids, route template, actor; never the token or the body.
import type { Request, Response } from 'express';
import { accessLogFields } from './access-log';
import { attachActor } from './request-context';

function request(overrides: Partial<Request> = {}): Request {
  return {
    method: 'POST',
    originalUrl: '/api/loans/ln_1/repayments?dry=1',
    url: '/api/loans/ln_1/repayments?dry=1',
    headers: { authorization: 'Bearer secret-token', 'x-correlation-id': 'corr-1', 'x-request-id': 'req-1' },
    body: { password: 'hunter2' },
    route: { path: '/api/loans/:loanId/repayments' },
    ...overrides,
  } as unknown as Request;
}

describe('accessLogFields', () => {
  it('names the route template, status, duration, ids and actor', () => {
    const req = request();
    attachActor(req, { orgId: 'bank-cq-rural', role: 'bank', userId: 'li.wei' });
    const fields = accessLogFields(req, { statusCode: 201 } as Response, 12.345);
    expect(fields).toEqual({
      method: 'POST',
      route: '/api/loans/:loanId/repayments',
      path: '/api/loans/ln_1/repayments',
      status: 201,
      durationMs: 12.3,
      requestId: 'req-1',
      correlationId: 'corr-1',
      actorOrg: 'bank-cq-rural',
      actorRole: 'bank',
    });
    expect(JSON.stringify(fields)).not.toMatch(/secret-token|hunter2/);
  });

  it('has no route when none matched, no actor when unauthenticated, and new ids when the caller sent none', () => {
    const fields = accessLogFields(request({ headers: {}, route: undefined }), { statusCode: 404 } as Response, 1);
    expect(fields.route).toBeNull();
    expect(fields).not.toHaveProperty('actorOrg');
    expect(fields.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(fields.correlationId).toBe(fields.requestId);
  });
});

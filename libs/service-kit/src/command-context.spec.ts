import type { Request } from 'express';
import { HTTP_ROUTES } from '@ipledger/contracts';
import { rememberAuditState, type AuditState } from './audit-state';
import { causeOfEvent } from './command-context';
import { receiptOf } from './command-receipt';
import { UnauthenticatedError } from './errors';
import { attachIdempotencyClaim, type IdempotencyClaim } from './idempotency-store';
import { attachActor, commandContextOf } from './request-context';

const actor = { orgId: 'bank-cq-rural', role: 'bank' as const, userId: 'li.wei' };

function requestWith(headers: Record<string, string>): Request {
  return { headers, method: 'POST', path: '/api/loans/ln_1/repayments' } as unknown as Request;
}

describe('the handler’s context', () => {
  it('names who acts, the ids, and the cause its events carry: the request', () => {
    const request = requestWith({ 'x-request-id': 'req-7', 'x-correlation-id': 'corr-7' });
    attachActor(request, actor);
    const ctx = commandContextOf(request);
    expect(ctx).toMatchObject({ actor, requestId: 'req-7', correlationId: 'corr-7' });
    expect(ctx.cause).toEqual({ actor, correlationId: 'corr-7', causationId: 'req-7' });
    expect(ctx.idempotency).toBeUndefined();
    expect(ctx.audit).toBeUndefined();
  });

  it('carries the Idempotency-Key claim and the audit state the interceptors attached, and the request’s receipt', () => {
    const request = requestWith({});
    attachActor(request, actor);
    const claim: IdempotencyClaim = { orgId: actor.orgId, key: 'repay-1', requestHash: 'h', status: 201 };
    const route = HTTP_ROUTES.find((candidate) => candidate.method === 'POST' && candidate.path === '/api/loans/{loanId}/repayments');
    if (route === undefined) throw new Error('no repayment route');
    const audit: AuditState = { request, route, params: ['ln_1'] };
    attachIdempotencyClaim(request, claim);
    rememberAuditState(request, audit);
    const ctx = commandContextOf(request);
    expect(ctx.idempotency).toBe(claim);
    expect(ctx.audit).toBe(audit);
    expect(ctx.receipt).toBe(receiptOf(request));
    // Without x-request-id the request gets a fresh id, and it is its own correlation id.
    expect(ctx.correlationId).toBe(ctx.requestId);
  });

  it('refuses a request that passed no authentication', () => {
    expect(() => commandContextOf(requestWith({}))).toThrow(UnauthenticatedError);
  });
});

describe('the cause of what an event handler writes', () => {
  it('is the event it handles, acted by the service', () => {
    const system = { orgId: 'ipledger-lending', role: 'system' as const, userId: null };
    expect(causeOfEvent({ eventId: 'ev-1', correlationId: 'corr-1' }, system)).toEqual({
      actor: system,
      correlationId: 'corr-1',
      causationId: 'ev-1',
    });
  });
});

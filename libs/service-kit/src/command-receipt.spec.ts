import type { Request } from 'express';
import { HTTP_ROUTES, type HttpRoute } from '@ipledger/contracts';
import type { AuditState } from './audit-state';
import { commandWrites, emptyReceipt, noteCommitted, receiptOf } from './command-receipt';
import type { IdempotencyClaim } from './idempotency-store';

const route = (method: 'GET' | 'POST', path: string): HttpRoute => {
  const found = HTTP_ROUTES.find((candidate) => candidate.method === method && candidate.path === path);
  if (found === undefined) throw new Error(`no route ${method} ${path}`);
  return found;
};

const request = {} as Request;
const repay: AuditState = { request, route: route('POST', '/api/loans/{loanId}/repayments'), params: ['ln_1'] };
const read: AuditState = { request, route: route('GET', '/api/loans/{loanId}'), params: ['ln_1'] };
const claim: IdempotencyClaim = { orgId: 'bank-cq-rural', key: 'repay-1', requestHash: 'h', status: 201 };

describe('what a command’s unit of work writes besides its effect', () => {
  it('stores the key and appends the audit record of a fresh command', () => {
    expect(commandWrites({ idempotency: claim, audit: repay, receipt: emptyReceipt() })).toEqual({ claim, audit: repay });
  });

  it('writes neither when the request carried no key and is no route of the table', () => {
    expect(commandWrites({ receipt: emptyReceipt() })).toEqual({});
  });

  it('never audits a read in a unit of work (its 404 or denial is recorded by the filter)', () => {
    expect(commandWrites({ audit: read, receipt: emptyReceipt() })).toEqual({});
  });

  it('writes neither again in a second unit of work of the same command', () => {
    const receipt = emptyReceipt();
    noteCommitted(receipt, { keyStored: true, audited: true, events: [] });
    expect(commandWrites({ idempotency: claim, audit: repay, receipt })).toEqual({});
  });

  it('still appends the audit record when only the key is stored', () => {
    const receipt = emptyReceipt();
    noteCommitted(receipt, { keyStored: true, audited: false, events: [] });
    expect(commandWrites({ idempotency: claim, audit: repay, receipt })).toEqual({ audit: repay });
  });
});

describe('the receipt', () => {
  it('lists the events of every committed unit of work in order, and keeps what was committed', () => {
    const receipt = emptyReceipt();
    noteCommitted(receipt, { keyStored: true, audited: true, events: [{ type: 'LoanRepaid', eventId: 'e1' }] });
    noteCommitted(receipt, { keyStored: false, audited: false, events: [{ type: 'LoanClosed', eventId: 'e2' }] });
    expect(receipt).toEqual({
      audited: true,
      keyStored: true,
      events: [
        { type: 'LoanRepaid', eventId: 'e1' },
        { type: 'LoanClosed', eventId: 'e2' },
      ],
    });
  });

  it('is one per request: the handler’s context and the interceptors see the same one', () => {
    const one = {} as Request;
    const other = {} as Request;
    receiptOf(one).audited = true;
    expect(receiptOf(one)).toBe(receiptOf(one));
    expect(receiptOf(one).audited).toBe(true);
    expect(receiptOf(other)).toEqual({ audited: false, keyStored: false, events: [] });
  });
});

import { HTTP_ROUTES, type HttpRoute } from '@ipledger/contracts';
import { isAudited, isLeftToRecord, outcomeOf } from './audit-recorder';

const route = (method: 'GET' | 'POST', path: string): HttpRoute => {
  const found = HTTP_ROUTES.find((candidate) => candidate.method === method && candidate.path === path);
  if (found === undefined) throw new Error(`no route ${method} ${path}`);
  return found;
};

describe('which answers the audit trail records', () => {
  const read = route('GET', '/api/loans/{loanId}');
  const command = route('POST', '/api/pledges');

  it('records every command, whatever its outcome', () => {
    for (const status of [201, 400, 401, 403, 404, 409, 429, 500]) expect(isAudited(command, status)).toBe(true);
  });

  it('records a read when it is denied, or answers 404 (another organisation’s id: a cross-bank probe)', () => {
    expect(isAudited(read, 401)).toBe(true);
    expect(isAudited(read, 403)).toBe(true);
    expect(isAudited(read, 404)).toBe(true);
    expect(outcomeOf(404)).toBe('refused');
  });

  it('leaves allowed reads and other refused reads out', () => {
    expect(isAudited(read, 200)).toBe(false);
    expect(isAudited(read, 400)).toBe(false);
  });
});

describe('what is recorded after the answer', () => {
  const command = route('POST', '/api/loans/{loanId}/repayments');
  const read = route('GET', '/api/loans/{loanId}');

  it('records an answer whose unit of work recorded nothing (a login, a replay, an error)', () => {
    expect(isLeftToRecord(command, 201, { audited: false })).toBe(true);
    expect(isLeftToRecord(command, 409, { audited: false })).toBe(true);
  });

  it('never records a command twice: its unit of work committed the record already', () => {
    expect(isLeftToRecord(command, 201, { audited: true })).toBe(false);
    expect(isLeftToRecord(command, 500, { audited: true })).toBe(false);
  });

  it('leaves out what is not audited at all, whatever the receipt', () => {
    expect(isLeftToRecord(read, 200, { audited: false })).toBe(false);
    expect(isLeftToRecord(read, 404, { audited: false })).toBe(true);
  });
});

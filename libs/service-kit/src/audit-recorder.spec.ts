import { HTTP_ROUTES, type HttpRoute } from '@ipledger/contracts';
import { isAudited, outcomeOf } from './audit-recorder';

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

import { Outbox } from './outbox';
import type { SqlClient } from './sql-client';

/** A transaction client that accepts every statement: what the outbox appends is all we look at. */
function transaction(): SqlClient {
  return { $executeRawUnsafe: () => Promise.resolve(1), $queryRawUnsafe: <T>() => Promise.resolve([] as T) };
}

const actor = { orgId: 'bank-cq-a', role: 'bank' as const, userId: null };
const closed = {
  loanId: 'ln_0195a1b2c3d47e5f8a6b7c8d9e0f1a07',
  pledgeId: 'pl_0195a1b2c3d47e5f8a6b7c8d9e0f1a07',
  bankOrgId: 'bank-cq-a',
  closedOn: '2026-03-01',
  reason: 'repaid' as const,
};

describe('the outbox, tracking what a transaction appended', () => {
  const sut = new Outbox({ schema: 'lending', producer: 'lending', topicPrefix: '' });
  const draft = { type: 'LoanClosed' as const, payload: closed, actor, correlationId: 'c-1', causationId: null };

  it('lists the events appended in a tracked transaction, in order, with their ids', async () => {
    const tx = transaction();
    const appended = sut.track(tx);
    const first = await sut.append(tx, draft);
    const second = await sut.append(tx, draft);
    expect(appended).toEqual([
      { type: 'LoanClosed', eventId: first.eventId },
      { type: 'LoanClosed', eventId: second.eventId },
    ]);
  });

  it('keeps one list per transaction, and none for a transaction nobody tracks', async () => {
    const tracked = transaction();
    const other = transaction();
    const appended = sut.track(tracked);
    await sut.append(other, draft);
    expect(appended).toEqual([]);
    expect(sut.track(other)).toEqual([]);
  });
});

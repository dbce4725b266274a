import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { EVENT_CONSUMERS } from '@ipledger/contracts';
import { isPostedEventType } from './domain/entry-for-event';
import { LedgerHandlers } from './ledger.handlers';

describe('the ledger’s event handlers', () => {
  it('handle exactly the events the contracts list for the ledger', () => {
    const prototype = LedgerHandlers.prototype as unknown as Record<string, unknown>;
    const handled = Object.getOwnPropertyNames(LedgerHandlers.prototype)
      .map((name) => prototype[name])
      .filter((method): method is object => typeof method === 'function')
      .flatMap((method) => (Reflect.getMetadata(PATTERN_METADATA, method) as unknown[] | undefined) ?? []);
    expect([...handled].sort()).toEqual([...EVENT_CONSUMERS.ledger].sort());
  });

  it('have a posting rule for each of those events, which a consumed batch is posted by (entry-for-event.ts)', () => {
    expect(EVENT_CONSUMERS.ledger.filter((type) => !isPostedEventType(type))).toEqual([]);
    expect(isPostedEventType('PledgeRegistered')).toBe(false);
  });
});

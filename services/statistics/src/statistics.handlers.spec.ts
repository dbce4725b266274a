import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { EVENT_CONSUMERS } from '@ipledger/contracts';
import { StatisticsHandlers } from './statistics.handlers';

describe('the statistics service’s event handlers', () => {
  it('handle exactly the events the contracts list for statistics', () => {
    const prototype = StatisticsHandlers.prototype as unknown as Record<string, unknown>;
    const handled = Object.getOwnPropertyNames(StatisticsHandlers.prototype)
      .map((name) => prototype[name])
      .filter((method): method is object => typeof method === 'function')
      .flatMap((method) => (Reflect.getMetadata(PATTERN_METADATA, method) as unknown[] | undefined) ?? []);
    expect([...handled].sort()).toEqual([...EVENT_CONSUMERS.statistics].sort());
  });
});

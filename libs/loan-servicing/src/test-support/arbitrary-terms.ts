// Loan terms drawn at random for the property tests (fast-check): any principal from 0.01 to
// 50,000,000.00, rates from 0 to 24 %, terms of 1 to 36 months, every method, day count and period.
// Test-only (test-support/ is left out of the build), not exported from the library.
import fc from 'fast-check';
import { Money, Rate } from '@ipledger/money';
import { DAY_COUNTS } from '../day-count';
import { PERIOD_MONTHS, REPAYMENT_METHODS, type ScheduleTerms } from '../repayment-schedule';

export const arbitraryTerms: fc.Arbitrary<ScheduleTerms> = fc.record({
  principal: fc.bigInt({ min: 1n, max: 5_000_000_000n }).map((fen) => Money.fromFen(fen)),
  annualRate: fc.integer({ min: 0, max: 240_000 }).map((millionths) => Rate.of((millionths / 1_000_000).toFixed(6))),
  disbursedOn: fc
    .date({ min: new Date('2019-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
    .map((date) => date.toISOString().slice(0, 10)),
  termMonths: fc.integer({ min: 1, max: 36 }),
  method: fc.constantFrom(...REPAYMENT_METHODS),
  dayCount: fc.constantFrom(...DAY_COUNTS),
  periodMonths: fc.constantFrom(...PERIOD_MONTHS),
});

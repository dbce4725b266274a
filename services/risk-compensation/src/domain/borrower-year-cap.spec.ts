import { Money } from '@ipledger/money';
import { BorrowerLoan, borrowerCoverageTakenBefore } from './borrower-year-cap';
import { computeCompensation } from './compensation';
import { GUANGZHOU_2023, ZHONGSHAN } from './presets';

const loan = (loanId: string, disbursedOn: string, principal: string): BorrowerLoan => ({
  loanId,
  disbursedOn,
  principal: Money.of(principal),
});

describe("a borrower's yearly room, filled in loan-date order (Guangzhou 2023)", () => {
  const a = loan('A', '2023-03-01', '12000000.00'); // holds 10M: the per-loan cap
  const b = loan('B', '2023-05-01', '8000000.00');
  const c = loan('C', '2023-07-01', '5000000.00');
  const lastYear = loan('Z', '2022-12-31', '9000000.00');
  const loans = [c, lastYear, b, a];

  it('counts the earlier-dated loans of the same year, each up to the per-loan cap', () => {
    const sut = borrowerCoverageTakenBefore;
    expect(sut(GUANGZHOU_2023, a, loans).toString()).toBe('0.00');
    expect(sut(GUANGZHOU_2023, b, loans).toString()).toBe('10000000.00');
    expect(sut(GUANGZHOU_2023, c, loans).toString()).toBe('18000000.00');
  });

  it('leaves the third loan only 2M of cover, whichever loan defaulted first', () => {
    const takenBefore = borrowerCoverageTakenBefore(GUANGZHOU_2023, c, loans);
    const record = computeCompensation(GUANGZHOU_2023, {
      outstandingPrincipal: Money.of('5000000.00'),
      unpaidInterest: Money.zero(),
      borrowerCoverageTakenBefore: takenBefore,
      fundBudgetRemaining: Money.of('50000000.00'),
    });
    expect(record.approvedAmount.toString()).toBe('2000000.00');
    expect(record.parts.map((part) => part.amount.toString())).toEqual(['1000000.00', '1000000.00']);
  });

  it('orders loans of the same day by loan id, and takes nothing without a per-borrower cap', () => {
    const first = loan('L1', '2023-05-01', '1000000.00');
    const second = loan('L2', '2023-05-01', '1000000.00');
    expect(borrowerCoverageTakenBefore(GUANGZHOU_2023, second, [second, first]).toString()).toBe('1000000.00');
    expect(borrowerCoverageTakenBefore(GUANGZHOU_2023, first, [second, first]).toString()).toBe('0.00');
    expect(borrowerCoverageTakenBefore(ZHONGSHAN, c, loans).toString()).toBe('0.00');
  });
});

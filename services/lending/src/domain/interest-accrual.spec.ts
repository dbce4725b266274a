import { Money } from '@ipledger/money';
import { accrualWindow, accruedInterestSettledBy, type AccruingLoan } from './interest-accrual';

const loan = (overrides: Partial<AccruingLoan> = {}): AccruingLoan => ({
  status: 'ACTIVE',
  disbursedOn: '2026-01-15',
  maturityDate: '2027-01-15',
  closedOn: null,
  defaultedOn: null,
  interestAccruedUntil: null,
  ...overrides,
});

describe('the days the end-of-day servicing accrues', () => {
  it('starts at the disbursement and ends before today: a day is accrued once it has ended', () => {
    expect(accrualWindow(loan(), '2026-01-15')).toBeNull();
    expect(accrualWindow(loan(), '2026-01-16')).toEqual({ from: '2026-01-15', until: '2026-01-16' });
    // After a pause, every day missed at once.
    expect(accrualWindow(loan(), '2026-03-01')).toEqual({ from: '2026-01-15', until: '2026-03-01' });
  });

  it('continues from the first day not yet accrued, and finds nothing when it is today', () => {
    expect(accrualWindow(loan({ interestAccruedUntil: '2026-02-28' }), '2026-03-01')).toEqual({ from: '2026-02-28', until: '2026-03-01' });
    expect(accrualWindow(loan({ interestAccruedUntil: '2026-03-01' }), '2026-03-01')).toBeNull();
  });

  it('stops at maturity, at the day the loan closed, and at the day it defaulted (non-accrual), whichever is first', () => {
    expect(accrualWindow(loan({ interestAccruedUntil: '2027-01-10' }), '2027-02-01')).toEqual({ from: '2027-01-10', until: '2027-01-15' });
    expect(accrualWindow(loan({ interestAccruedUntil: '2027-01-15' }), '2027-02-01')).toBeNull();
    expect(accrualWindow(loan({ status: 'CLOSED', closedOn: '2026-06-30' }), '2026-08-01')).toEqual({
      from: '2026-01-15',
      until: '2026-06-30',
    });
    expect(
      accrualWindow(loan({ status: 'DEFAULTED', defaultedOn: '2026-05-20', interestAccruedUntil: '2026-05-19' }), '2026-08-01'),
    ).toEqual({
      from: '2026-05-19',
      until: '2026-05-20',
    });
    expect(
      accrualWindow(loan({ status: 'DEFAULTED', defaultedOn: '2026-05-20', interestAccruedUntil: '2026-05-20' }), '2026-08-01'),
    ).toBeNull();
  });
});

describe('the part of an interest repayment that settles accrued interest', () => {
  const settled = (interest: string, accrued: string, before: string) =>
    accruedInterestSettledBy(Money.of(interest), Money.of(accrued), Money.of(before)).toString();

  it('is the interest while enough is accrued and unsettled, else what is left of it', () => {
    expect(settled('3625.00', '3720.00', '0.00')).toBe('3625.00');
    expect(settled('3625.00', '3720.00', '100.00')).toBe('3620.00');
    expect(settled('3625.00', '3720.00', '3720.00')).toBe('0.00');
    expect(settled('0.00', '3720.00', '0.00')).toBe('0.00');
  });
});

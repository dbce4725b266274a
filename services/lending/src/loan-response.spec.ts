import { Prisma } from './database';
import { closeReasonOf, toLoan, type LoanRow } from './lending-records';
import { toLoanResponse } from './loan-response';

const decimal = (value: string) => new Prisma.Decimal(value);
const day = (value: string) => new Date(`${value}T00:00:00.000Z`);

function loanRow(overrides: Partial<LoanRow> = {}): LoanRow {
  return {
    id: 'loan-1',
    pledgeId: 'pledge-1',
    bankOrgId: 'bank-1',
    borrowerUscc: '91110000100000000X',
    status: 'ACTIVE',
    principal: decimal('800000'),
    outstandingPrincipal: decimal('700000.5'),
    interestPaid: decimal('1234.56'),
    annualInterestRate: decimal('0.036000'),
    termMonths: 12,
    disbursedOn: day('2026-01-05'),
    maturityDate: day('2027-01-05'),
    loanToValueLimit: decimal('0.5000'),
    closedOn: null,
    closeReason: null,
    guarantorOrgId: null,
    insurerOrgId: 'insurer-1',
    overdueSince: null,
    daysPastDue: null,
    overdueInterest: null,
    defaultedOn: null,
    accruedInterest: null,
    repaymentMethod: 'bullet',
    dayCount: 'ACT/360',
    periodMonths: 1,
    interestAccruedUntil: day('2026-02-01'),
    interestAccrued: decimal('2240'),
    accruedInterestSettled: decimal('0'),
    scheduleVersion: 1,
    version: 3,
    createdAt: new Date('2026-01-05T02:00:00.000Z'),
    updatedAt: new Date('2026-01-05T02:00:00.000Z'),
    repayments: [
      {
        id: 'repayment-1',
        loanId: 'loan-1',
        principalAmount: decimal('99999.5'),
        interestAmount: decimal('1234.56'),
        repaidOn: day('2026-02-05'),
        outstandingAfter: decimal('700000.50'),
        kind: 'instalment',
        prepaymentChoice: null,
        actorOrgId: 'bank-1',
        actorRole: 'bank',
        actorUserId: 'user-1',
        recordedAt: new Date('2026-02-05T03:04:05.678Z'),
      },
    ],
    ...overrides,
  };
}

describe('a loan row read into the domain record', () => {
  it('carries amounts as Money, rates as Rate and DATE columns as calendar days', () => {
    const loan = toLoan(loanRow());
    expect(loan.principal.toString()).toBe('800000.00');
    expect(loan.outstandingPrincipal.toString()).toBe('700000.50');
    expect(loan.annualInterestRate.toString()).toBe('0.036');
    expect(loan.loanToValueLimit.toString()).toBe('0.5');
    expect(loan.disbursedOn).toBe('2026-01-05');
    expect(loan.repayments[0].repaidOn).toBe('2026-02-05');
    expect(loan.repayments[0].outstandingAfter.toString()).toBe('700000.50');
    expect(loan.status).toBe('ACTIVE');
    expect(loan.version).toBe(3);
  });

  it('refuses a status or close reason the service does not know', () => {
    expect(() => toLoan(loanRow({ status: 'LOST' }))).toThrow();
    expect(() => closeReasonOf({ closeReason: 'forgiven' })).toThrow('unknown loan close reason forgiven');
  });
});

describe('the HTTP answer for a loan', () => {
  it('gives amounts with two decimals, rates without padding, days as YYYY-MM-DD and the recording instant as ISO-8601', () => {
    expect(toLoanResponse(toLoan(loanRow()))).toEqual({
      id: 'loan-1',
      pledgeId: 'pledge-1',
      bankOrgId: 'bank-1',
      borrowerUscc: '91110000100000000X',
      status: 'ACTIVE',
      principal: '800000.00',
      outstandingPrincipal: '700000.50',
      interestPaid: '1234.56',
      annualInterestRate: '0.036',
      termMonths: 12,
      disbursedOn: '2026-01-05',
      maturityDate: '2027-01-05',
      loanToValueLimit: '0.5',
      closedOn: null,
      closeReason: null,
      guarantorOrgId: null,
      insurerOrgId: 'insurer-1',
      overdueSince: null,
      daysPastDue: null,
      overdueInterest: null,
      defaultedOn: null,
      accruedInterest: null,
      interestAccrued: '2240.00',
      interestAccruedUntil: '2026-02-01',
      repayments: [
        {
          id: 'repayment-1',
          loanId: 'loan-1',
          principalAmount: '99999.50',
          interestAmount: '1234.56',
          repaidOn: '2026-02-05',
          outstandingAfter: '700000.50',
          recordedAt: '2026-02-05T03:04:05.678Z',
        },
      ],
    });
  });

  it('gives the delinquency figures once reported, and the close', () => {
    const answer = toLoanResponse(
      toLoan(
        loanRow({
          status: 'CLOSED',
          overdueSince: day('2026-03-01'),
          daysPastDue: 31,
          overdueInterest: decimal('88.8'),
          defaultedOn: day('2026-06-01'),
          accruedInterest: decimal('0'),
          closedOn: day('2026-09-30'),
          closeReason: 'recovery-settled',
        }),
      ),
    );
    expect(answer).toMatchObject({
      status: 'CLOSED',
      overdueSince: '2026-03-01',
      daysPastDue: 31,
      overdueInterest: '88.80',
      defaultedOn: '2026-06-01',
      accruedInterest: '0.00',
      closedOn: '2026-09-30',
      closeReason: 'recovery-settled',
    });
  });
});

import { Money, Rate } from '@ipledger/money';
import { Prisma } from './database';
import { toClaim, toFundBudget, type ClaimPartRow, type ClaimRow, type FundBudgetRow } from './claim-records';
import { toBudgetYearResponse, toFundResponse, toShareResponse } from './claim-response';
import type { YearFunding } from './fund-contributions.repository';

const claimRow: ClaimRow = {
  id: 'claim_1',
  loanId: 'loan_1',
  pledgeId: 'pledge_1',
  bankOrgId: 'org_bank',
  borrowerUscc: '91110000100000000A',
  fundId: 'fund_1',
  policyId: 'policy_1',
  policyVersion: 1,
  ipCollateralShare: new Prisma.Decimal('0.6'),
  status: 'PAID',
  filedOn: new Date('2025-05-06T00:00:00.000Z'),
  filingDeadline: new Date('2025-08-04T00:00:00.000Z'),
  filingDeadlineProvisional: false,
  eligibility: [],
  preparedOn: null,
  preparedByOrgId: null,
  preparedByUserId: null,
  preparedNote: null,
  decidedOn: new Date('2025-05-20T00:00:00.000Z'),
  decidedByOrgId: 'org_bureau',
  decidedByUserId: 'user_approver',
  decisionNote: null,
  budgetYear: 2025,
  computation: null,
  approvedAmount: new Prisma.Decimal('480000'),
  fundPayable: new Prisma.Decimal('192000.5'),
  fundShortfall: new Prisma.Decimal('0'),
  shortfallSettled: new Prisma.Decimal('0'),
  paidAmount: new Prisma.Decimal('192000.5'),
  paidOn: new Date('2025-06-02T00:00:00.000Z'),
  paymentReference: 'PAY-1',
  paidByOrgId: 'org_bureau',
  paidByUserId: 'user_payer',
  recovery: null,
  filedByOrgId: 'org_bank',
  filedByUserId: null,
  createdAt: new Date('2025-05-06T01:00:00.000Z'),
  updatedAt: new Date('2025-06-02T01:00:00.000Z'),
  version: 3,
};

const partRow: ClaimPartRow = {
  claimId: 'claim_1',
  party: 'guarantor',
  orgId: 'org_guarantor',
  share: new Prisma.Decimal('0.3'),
  amount: new Prisma.Decimal('144000'),
  returned: new Prisma.Decimal('0'),
  paidAmount: new Prisma.Decimal('144000'),
  paidOn: new Date('2025-06-10T00:00:00.000Z'),
  paymentReference: 'DB-2025-0007',
  paidByUserId: 'guarantor-clerk',
};

const budgetRow: FundBudgetRow = {
  fundId: 'fund_1',
  budgetYear: 2025,
  policyId: 'policy_1',
  policyVersion: 1,
  appropriated: new Prisma.Decimal('5000000'),
  toppedUp: new Prisma.Decimal('250000'),
  used: new Prisma.Decimal('192000.5'),
  paid: new Prisma.Decimal('192000.5'),
  shortfall: new Prisma.Decimal('0'),
  recovered: new Prisma.Decimal('1000'),
  shortfallsSettled: new Prisma.Decimal('0'),
  claimsApproved: 1,
  openedOn: new Date('2025-05-20T00:00:00.000Z'),
  closedOn: new Date('2026-01-05T00:00:00.000Z'),
  closedAt: new Date('2026-01-05T02:00:00.000Z'),
  closedByOrgId: 'org_bureau',
  closedByUserId: 'user_closer',
  updatedAt: new Date('2026-01-05T02:00:00.000Z'),
};

describe('claim records (the repository boundary)', () => {
  it('maps a claim row to Money, calendar days, a Rate and its status', () => {
    const claim = toClaim({ ...claimRow, parts: [partRow] });
    expect(claim.fundPayable).toBeInstanceOf(Money);
    expect(claim.ipCollateralShare).toBeInstanceOf(Rate);
    expect([claim.status, claim.filedOn, claim.decidedOn, claim.paidOn, claim.preparedOn]).toEqual([
      'PAID',
      '2025-05-06',
      '2025-05-20',
      '2025-06-02',
      null,
    ]);
    expect([claim.fundPayable?.toString(), claim.fundShortfall?.toString(), claim.ipCollateralShare?.toString()]).toEqual([
      '192000.50',
      '0.00',
      Rate.of('0.6').toString(),
    ]);
    expect(claim.parts.map((part) => [part.party, part.share, part.amount.toString(), part.returned.toString()])).toEqual([
      ['guarantor', '0.3', '144000.00', '0.00'],
    ]);
  });

  it('refuses a stored status outside the claim statuses', () => {
    expect(() => toClaim({ ...claimRow, status: 'LOST', parts: [] })).toThrow();
  });
});

describe('fund and share responses', () => {
  const budget = toFundBudget(budgetRow);

  // Weihai's pool: 山东省 40 : 威海市 20. The province paid part of its share; a district topped up.
  const funding: YearFunding = {
    fundedBy: [
      { payerCode: '370000', name: '山东省', weight: '40' },
      { payerCode: '371000', name: '威海市', weight: '20' },
    ],
    totals: [
      {
        fundId: 'fund_1',
        budgetYear: 2025,
        payerCode: '370000',
        payerLevel: 'province',
        payerName: '山东省',
        appropriation: Money.of('1000000.00'),
        topUp: Money.zero(),
      },
      {
        fundId: 'fund_1',
        budgetYear: 2025,
        payerCode: '371002',
        payerLevel: 'district',
        payerName: '环翠区',
        appropriation: Money.zero(),
        topUp: Money.of('250000.00'),
      },
    ],
  };

  it('writes a budget year with two-decimal amounts, what remains of it with its top-ups, who paid in, and who closed it on which day', () => {
    expect(toBudgetYearResponse(budget, funding)).toEqual({
      budgetYear: 2025,
      appropriated: '5000000.00',
      toppedUp: '250000.00',
      used: '192000.50',
      remaining: '5057999.50',
      paid: '192000.50',
      shortfall: '0.00',
      shortfallsSettled: '0.00',
      recovered: '1000.00',
      claimsApproved: 1,
      contributors: [
        { payerCode: '370000', level: 'province', name: '山东省', weight: '40', due: '3333333.33', paid: '1000000.00', toppedUp: '0.00' },
        { payerCode: '371000', level: 'city', name: '威海市', weight: '20', due: '1666666.67', paid: '0.00', toppedUp: '0.00' },
        { payerCode: '371002', level: 'district', name: '环翠区', weight: null, due: null, paid: '0.00', toppedUp: '250000.00' },
      ],
      closed: { closedOn: '2026-01-05', closedAt: '2026-01-05T02:00:00.000Z', closedByOrgId: 'org_bureau', closedByUserId: 'user_closer' },
    });
  });

  it('holds in the pool what was appropriated and topped up, less what was paid, plus what came back', () => {
    expect(toFundResponse({ fundId: 'fund_1', name: '质押融资风险补偿资金' }, [budget], () => funding).balance).toBe('5058999.50');
  });

  it('shows a sharer its part on the day the claim was decided, and its payment to the bank', () => {
    const share = toShareResponse({
      ...toClaim({ ...claimRow, parts: [partRow] }).parts[0],
      claimId: 'claim_1',
      claim: toClaim({ ...claimRow, parts: [] }),
    });
    expect(share).toEqual({
      claimId: 'claim_1',
      loanId: 'loan_1',
      bankOrgId: 'org_bank',
      party: 'guarantor',
      orgId: 'org_guarantor',
      share: '0.3',
      owed: '144000.00',
      returned: '0.00',
      claimStatus: 'PAID',
      approvedOn: '2025-05-20',
      paidOn: '2025-06-10',
      paymentReference: 'DB-2025-0007',
    });
  });
});

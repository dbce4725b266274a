import { Money } from '@ipledger/money';
import {
  APPRAISER,
  CLAIM,
  compensationApproved,
  compensationPaid,
  compensationSharePaid,
  FUND,
  fundBudgetOpened,
  fundContributionReceived,
  compensationShortfallSettled,
  loanShortfallSettled,
  GUARANTOR,
  INSURER,
  loanCompensationApproved,
  loanRecoverySettled,
  recoveryDistributed,
} from '../test-support/compensation-events';
import { BANK, LOAN, loanDefaulted } from '../test-support/loan-events';
import {
  budgetOpenedEntry,
  compensationApprovedEntry,
  compensationPaidEntry,
  fundContributionEntry,
  shortfallSettledEntry,
  loanShortfallSettledEntry,
  sharePaidEntry,
  loanCompensationApprovedEntry,
  loanRecoverySettledEntry,
  recoveryDistributedEntry,
} from './compensation-posting-rules';
import { totalOf, UnbalancedEntryError, type JournalEntryDraft } from './journal-entry';
import { defaultEntry } from './posting-rules';

const fundCash = `fund:${FUND}:cash`;
const appropriations2026 = `fund:${FUND}:appropriations:2026`;
const fundExpense2026 = `fund:${FUND}:compensation-expense:2026`;
const fundPayable = `fund:${FUND}:compensation-payable`;
const fundRecoveries2026 = `fund:${FUND}:recoveries:2026`;
const bankCash = `bank:${BANK}:cash`;
const receivable = `bank:${BANK}:compensation-receivable`;
const interestIncome = `bank:${BANK}:interest-income`;
const bankRecoveries = `bank:${BANK}:recoveries`;
const creditLoss = `bank:${BANK}:credit-loss`;
const principalDefaulted = `loan:${BANK}:${LOAN}:principal-defaulted`;

/** Version 1 of the fund's events, as the topics' history holds them: the claim's whole posting in one entry. */
const approvedV1 = (payload: Parameters<typeof compensationApproved>[0] = {}) => compensationApproved(payload, { version: 1 });
const distributedV1 = (payload: Parameters<typeof recoveryDistributed>[0] = {}) => recoveryDistributed(payload, { version: 1 });

/** A draft that must exist: the rule returned an entry, not "nothing to post". */
function posted(draft: JournalEntryDraft | null): JournalEntryDraft {
  if (draft === null) throw new Error('expected an entry, the rule posted nothing');
  return draft;
}

function legsOf(draft: JournalEntryDraft): [string, string, string][] {
  return draft.postings.map((posting) => [posting.accountCode, posting.direction, posting.amount]);
}

function expectBalancedAt(draft: JournalEntryDraft, total: string): void {
  expect(totalOf(draft.postings, 'DEBIT').toString()).toBe(total);
  expect(totalOf(draft.postings, 'CREDIT').toString()).toBe(total);
}

describe('posting a government’s money into the fund (资金拨付)', () => {
  const province = (name: string) => `government:370000:${name}`;

  it('takes a payment towards the appropriation from the government’s treasury only: the pool counted it when the year opened', () => {
    const sut = posted(fundContributionEntry(fundContributionReceived({ kind: 'appropriation', amount: '4000000.00' })));
    expect(sut.effectiveDate).toBe('2026-03-02');
    expect(legsOf(sut)).toEqual([
      [province('fund-contributions'), 'DEBIT', '4000000.00'],
      [province('cash'), 'CREDIT', '4000000.00'],
    ]);
    expect(sut.description).toContain('山东省 (370000) paid 4000000.00');
  });

  it('raises the year’s budget and fills the pool with a top-up (追加)', () => {
    const sut = posted(fundContributionEntry(fundContributionReceived({ kind: 'top-up', amount: '2500000.00', budgetYear: 2027 })));
    expect(legsOf(sut)).toEqual([
      [province('fund-contributions'), 'DEBIT', '2500000.00'],
      [province('cash'), 'CREDIT', '2500000.00'],
      [fundCash, 'DEBIT', '2500000.00'],
      [`fund:${FUND}:appropriations:2027`, 'CREDIT', '2500000.00'],
    ]);
    expectBalancedAt(sut, '5000000.00');
  });
});

describe('posting a shortfall a later budget settles (补偿资金缺口结算)', () => {
  it('charges the settling year and makes it owed to the bank: the fund’s side', () => {
    const sut = shortfallSettledEntry(compensationShortfallSettled({ budgetYear: 2027, amount: '200000.00' }));
    expect(sut.effectiveDate).toBe('2027-01-04');
    expect(legsOf(sut)).toEqual([
      [`fund:${FUND}:compensation-expense:2027`, 'DEBIT', '200000.00'],
      [fundPayable, 'CREDIT', '200000.00'],
      [receivable, 'DEBIT', '200000.00'],
      [`bank:${BANK}:compensation-clearing`, 'CREDIT', '200000.00'],
    ]);
  });

  it('clears against the defaulted principal still uncovered, waiting for the default, and interest beyond it: the loan’s side', () => {
    const sut = loanShortfallSettledEntry(
      loanShortfallSettled({ amount: '200000.00', principalSettled: '150000.00', interestCompensated: '50000.00' }),
    );
    expect(legsOf(sut)).toEqual([
      [`bank:${BANK}:compensation-clearing`, 'DEBIT', '200000.00'],
      [principalDefaulted, 'CREDIT', '150000.00'],
      [interestIncome, 'CREDIT', '50000.00'],
    ]);
    expect(sut.buildsOn).toEqual([expect.objectContaining({ accountCode: principalDefaulted })]);
  });

  it('recovers the credit loss once the principal was written off', () => {
    const sut = loanShortfallSettledEntry(loanShortfallSettled({ writtenOff: true }));
    expect(legsOf(sut)).toEqual([
      [`bank:${BANK}:compensation-clearing`, 'DEBIT', '200000.00'],
      [creditLoss, 'CREDIT', '200000.00'],
    ]);
    expect(sut.buildsOn ?? []).toEqual([]);
  });
});

describe('posting a fund’s budget year (风险补偿资金预算)', () => {
  it('fills the pool from the year’s appropriation: Dr fund cash / Cr appropriations of the year', () => {
    const event = fundBudgetOpened({ appropriated: '50000000.00', budgetYear: 2026, openedOn: '2026-01-05' });
    expect(budgetOpenedEntry(event)).toEqual({
      eventId: event.eventId,
      eventType: 'FundBudgetOpened',
      description: `Fund ${FUND} budget year 2026 opened with 50000000.00 appropriated (policy ${FUND} v1)`,
      effectiveDate: '2026-01-05',
      correlationId: event.correlationId,
      reversesEntryId: null,
      postings: [
        { accountCode: fundCash, direction: 'DEBIT', amount: '50000000.00' },
        { accountCode: appropriations2026, direction: 'CREDIT', amount: '50000000.00' },
      ],
    });
  });

  it('charges the appropriation to the year that opened', () => {
    const sut = posted(budgetOpenedEntry(fundBudgetOpened({ budgetYear: 2027, appropriated: '0.01' })));
    expect(legsOf(sut)).toEqual([
      [fundCash, 'DEBIT', '0.01'],
      [`fund:${FUND}:appropriations:2027`, 'CREDIT', '0.01'],
    ]);
  });

  it('posts nothing for an appropriation of 0.00 (no empty entry)', () => {
    expect(budgetOpenedEntry(fundBudgetOpened({ appropriated: '0.00' }))).toBeNull();
  });
});

describe('posting an approved claim (代偿), version 1: one entry', () => {
  it('books the worked example: fund and sharers owe 900,000.00, which settles that much defaulted principal', () => {
    const event = approvedV1();
    const sut = posted(compensationApprovedEntry(event));
    expect(sut).toMatchObject({
      eventId: event.eventId,
      eventType: 'CompensationApproved',
      description: `Claim ${CLAIM} on loan ${LOAN} of ${BANK} approved: 1000000.00 covered, 900000.00 owed to the bank (fund 500000.00), principal 900000.00 compensated`,
      effectiveDate: '2026-01-05',
      correlationId: event.correlationId,
      reversesEntryId: null,
    });
    expect(legsOf(sut)).toEqual([
      [fundExpense2026, 'DEBIT', '500000.00'],
      [fundPayable, 'CREDIT', '500000.00'],
      [`guarantor:${GUARANTOR}:compensation-expense`, 'DEBIT', '300000.00'],
      [`guarantor:${GUARANTOR}:compensation-payable`, 'CREDIT', '300000.00'],
      [`appraiser:${APPRAISER}:compensation-expense`, 'DEBIT', '100000.00'],
      [`appraiser:${APPRAISER}:compensation-payable`, 'CREDIT', '100000.00'],
      [receivable, 'DEBIT', '900000.00'],
      [principalDefaulted, 'CREDIT', '900000.00'],
    ]);
    expectBalancedAt(sut, '1800000.00');
  });

  it('does not post the bank’s own part: nothing of the bank’s is an expense or a payable', () => {
    const sut = posted(compensationApprovedEntry(approvedV1()));
    expect(sut.postings.map((posting) => posting.accountCode).filter((code) => code.startsWith(`bank:${BANK}:`))).toEqual([receivable]);
  });

  it('credits interest income with compensation beyond the outstanding principal, omits zero parts and posts only the fund’s payable', () => {
    const sut = posted(
      compensationApprovedEntry(
        approvedV1({
          budgetYear: 2027,
          approvedOn: '2027-02-01',
          outstandingPrincipal: '250000.01',
          approvedAmount: '500000.00',
          parts: [
            { party: 'fund', orgId: FUND, share: '0.5', amount: '250000.00' },
            { party: 'insurer', orgId: INSURER, share: '0.3', amount: '150000.00' },
            { party: 'guarantor', orgId: GUARANTOR, share: '0', amount: '0.00' },
            { party: 'bank', orgId: BANK, share: '0.2', amount: '100000.00' },
          ],
          fundPayable: '200000.00',
          fundShortfall: '50000.00',
        }),
      ),
    );
    expect(sut.effectiveDate).toBe('2027-02-01');
    expect(legsOf(sut)).toEqual([
      [`fund:${FUND}:compensation-expense:2027`, 'DEBIT', '200000.00'],
      [fundPayable, 'CREDIT', '200000.00'],
      [`insurer:${INSURER}:compensation-expense`, 'DEBIT', '150000.00'],
      [`insurer:${INSURER}:compensation-payable`, 'CREDIT', '150000.00'],
      [receivable, 'DEBIT', '350000.00'],
      [principalDefaulted, 'CREDIT', '250000.01'],
      [interestIncome, 'CREDIT', '99999.99'],
    ]);
    expect(sut.description).toContain('principal 250000.01 compensated, interest 99999.99');
    expectBalancedAt(sut, '700000.00');
  });

  it('builds on the loan’s default, which comes on the loans topic: it waits for principal-defaulted to be posted', () => {
    expect(posted(compensationApprovedEntry(approvedV1())).buildsOn).toEqual([
      { accountCode: principalDefaulted, event: `LoanDefaulted of loan ${LOAN}` },
    ]);
  });

  it('leaves the fund out when its budget is exhausted and only sharers owe the bank', () => {
    const sut = posted(compensationApprovedEntry(approvedV1({ fundPayable: '0.00', fundShortfall: '500000.00' })));
    expect(legsOf(sut)).toEqual([
      [`guarantor:${GUARANTOR}:compensation-expense`, 'DEBIT', '300000.00'],
      [`guarantor:${GUARANTOR}:compensation-payable`, 'CREDIT', '300000.00'],
      [`appraiser:${APPRAISER}:compensation-expense`, 'DEBIT', '100000.00'],
      [`appraiser:${APPRAISER}:compensation-payable`, 'CREDIT', '100000.00'],
      [receivable, 'DEBIT', '400000.00'],
      [principalDefaulted, 'CREDIT', '400000.00'],
    ]);
  });

  it('posts nothing when nobody owes the bank anything (fund and bank only, budget exhausted)', () => {
    const event = approvedV1({
      parts: [
        { party: 'fund', orgId: FUND, share: '0.5', amount: '500000.00' },
        { party: 'bank', orgId: BANK, share: '0.5', amount: '500000.00' },
      ],
      fundPayable: '0.00',
      fundShortfall: '500000.00',
    });
    expect(compensationApprovedEntry(event)).toBeNull();
  });

  it('refuses a sharer whose org id cannot be an account segment', () => {
    const event = approvedV1({ parts: [{ party: 'guarantor', orgId: 'Guarantor/X', share: '1', amount: '1.00' }] });
    expect(() => compensationApprovedEntry(event)).toThrow(/invalid account code/);
  });
});

describe('posting the fund’s payout (代偿拨付)', () => {
  it('moves the payable out of the fund’s pool into the bank’s cash, against its receivable', () => {
    const event = compensationPaid();
    expect(compensationPaidEntry(event)).toEqual({
      eventId: event.eventId,
      eventType: 'CompensationPaid',
      description: `Fund ${FUND} paid 500000.00 to ${BANK} for claim ${CLAIM} on loan ${LOAN} (budget year 2026, payment CQF-2026-0001)`,
      effectiveDate: '2026-01-20',
      correlationId: event.correlationId,
      reversesEntryId: null,
      postings: [
        { accountCode: fundPayable, direction: 'DEBIT', amount: '500000.00' },
        { accountCode: fundCash, direction: 'CREDIT', amount: '500000.00' },
        { accountCode: bankCash, direction: 'DEBIT', amount: '500000.00' },
        { accountCode: receivable, direction: 'CREDIT', amount: '500000.00' },
      ],
    });
  });

  it('carries a payout to the fen', () => {
    const sut = compensationPaidEntry(compensationPaid({ amount: '333333.33' }));
    expect(sut.postings.map((posting) => posting.amount)).toEqual(['333333.33', '333333.33', '333333.33', '333333.33']);
    expectBalancedAt(sut, '666666.66');
  });
});

describe('posting a risk sharer’s payment of its part (担保、保险、评估机构分担)', () => {
  it('closes the sharer’s payable against its cash and the bank’s receivable for that part against the bank’s cash', () => {
    const event = compensationSharePaid();
    expect(sharePaidEntry(event)).toMatchObject({
      eventType: 'CompensationSharePaid',
      description: `The guarantor ${GUARANTOR} paid 300000.00 to ${BANK}, its part of claim ${CLAIM} on loan ${LOAN} (payment DB-2026-0001)`,
      effectiveDate: '2026-01-25',
      postings: [
        { accountCode: `guarantor:${GUARANTOR}:compensation-payable`, direction: 'DEBIT', amount: '300000.00' },
        { accountCode: `guarantor:${GUARANTOR}:cash`, direction: 'CREDIT', amount: '300000.00' },
        { accountCode: bankCash, direction: 'DEBIT', amount: '300000.00' },
        { accountCode: receivable, direction: 'CREDIT', amount: '300000.00' },
      ],
    });
    const insurer = sharePaidEntry(compensationSharePaid({ party: 'insurer', orgId: INSURER, amount: '0.01' }));
    expect(insurer.postings.map((posting) => [posting.accountCode, posting.amount])).toEqual([
      [`insurer:${INSURER}:compensation-payable`, '0.01'],
      [`insurer:${INSURER}:cash`, '0.01'],
      [bankCash, '0.01'],
      [receivable, '0.01'],
    ]);
  });
});

describe('posting the sharing back of disposal proceeds and the write-off (追偿 / 核销), version 1: one entry', () => {
  it('books the worked example: 800,000.00 shared 400,000 / 240,000 / 80,000 / 80,000 and 1,100,000.00 written off', () => {
    const event = distributedV1();
    const sut = posted(recoveryDistributedEntry(event));
    expect(sut).toMatchObject({
      eventId: event.eventId,
      eventType: 'RecoveryDistributed',
      description:
        `Claim ${CLAIM} on loan ${LOAN} of ${BANK}: net proceeds 800000.00 shared back ` +
        '(720000.00 passed on, 80000.00 kept by the bank, 0.00 to the borrower), principal 1100000.00 written off',
      effectiveDate: '2026-06-30',
      reversesEntryId: null,
    });
    expect(legsOf(sut)).toEqual([
      [bankCash, 'DEBIT', '80000.00'],
      [bankRecoveries, 'CREDIT', '80000.00'],
      [fundCash, 'DEBIT', '400000.00'],
      [fundRecoveries2026, 'CREDIT', '400000.00'],
      [`guarantor:${GUARANTOR}:cash`, 'DEBIT', '240000.00'],
      [`guarantor:${GUARANTOR}:recoveries`, 'CREDIT', '240000.00'],
      [`appraiser:${APPRAISER}:cash`, 'DEBIT', '80000.00'],
      [`appraiser:${APPRAISER}:recoveries`, 'CREDIT', '80000.00'],
      [creditLoss, 'DEBIT', '1100000.00'],
      [principalDefaulted, 'CREDIT', '1100000.00'],
    ]);
    expectBalancedAt(sut, '1900000.00');
  });

  it('keeps the residual to the bank as its recoveries and pays the borrower’s residual out of the bank’s cash', () => {
    const sut = posted(
      recoveryDistributedEntry(
        distributedV1({
          budgetYear: 2025,
          distributedOn: '2026-07-15',
          netProceeds: '1250000.01',
          returns: [
            { party: 'fund', orgId: FUND, bore: '500000.00', returned: '500000.00' },
            { party: 'guarantor', orgId: GUARANTOR, bore: '300000.00', returned: '300000.00' },
            { party: 'appraiser', orgId: APPRAISER, bore: '0.00', returned: '0.00' },
            { party: 'bank', orgId: BANK, bore: '100000.00', returned: '100000.00' },
          ],
          residualToBank: '200000.00',
          residualToBorrower: '150000.01',
          principalWrittenOff: '0.00',
        }),
      ),
    );
    // The bank received 1,250,000.01, passed 800,000.00 on and paid 150,000.01 to the borrower.
    expect(legsOf(sut)).toEqual([
      [bankCash, 'DEBIT', '300000.00'],
      [bankRecoveries, 'CREDIT', '300000.00'],
      [fundCash, 'DEBIT', '500000.00'],
      [`fund:${FUND}:recoveries:2025`, 'CREDIT', '500000.00'],
      [`guarantor:${GUARANTOR}:cash`, 'DEBIT', '300000.00'],
      [`guarantor:${GUARANTOR}:recoveries`, 'CREDIT', '300000.00'],
    ]);
    expect(sut.effectiveDate).toBe('2026-07-15');
    expectBalancedAt(sut, '1100000.00');
  });

  it('writes off only, when the disposal brought nothing', () => {
    const sut = posted(
      recoveryDistributedEntry(
        distributedV1({
          netProceeds: '0.00',
          returns: [
            { party: 'fund', orgId: FUND, bore: '500000.00', returned: '0.00' },
            { party: 'bank', orgId: BANK, bore: '100000.00', returned: '0.00' },
          ],
          principalWrittenOff: '1100000.00',
        }),
      ),
    );
    expect(legsOf(sut)).toEqual([
      [creditLoss, 'DEBIT', '1100000.00'],
      [principalDefaulted, 'CREDIT', '1100000.00'],
    ]);
  });

  it('builds on the loan’s default when it writes principal off; the payout builds on nothing from another topic', () => {
    expect(posted(recoveryDistributedEntry(distributedV1())).buildsOn).toEqual([
      { accountCode: principalDefaulted, event: `LoanDefaulted of loan ${LOAN}` },
    ]);
    expect(compensationPaidEntry(compensationPaid()).buildsOn).toBeUndefined();
  });

  it('posts nothing when there are neither proceeds nor principal left', () => {
    expect(recoveryDistributedEntry(distributedV1({ netProceeds: '0.00', returns: [], principalWrittenOff: '0.00' }))).toBeNull();
  });

  it('refuses a distribution that shares out more than the net proceeds', () => {
    expect(() => recoveryDistributedEntry(distributedV1({ residualToBorrower: '80000.01' }))).toThrow(
      `claim ${CLAIM}: 720000.00 returned to others and 80000.01 to the borrower exceed the net proceeds 800000.00`,
    );
  });

  it('refuses a distribution whose parts do not add up to the net proceeds', () => {
    expect(() => recoveryDistributedEntry(distributedV1({ residualToBank: '0.01' }))).toThrow(UnbalancedEntryError);
    expect(() => recoveryDistributedEntry(distributedV1({ residualToBorrower: '0.01' }))).toThrow(
      /debits 1899999.99 differ from credits 1900000.00/,
    );
  });
});

describe('the worked example from default to write-off', () => {
  it('leaves nothing in principal-defaulted and the fund with appropriation − paid + returned', () => {
    const entries = [
      defaultEntry(loanDefaulted({ outstandingPrincipal: '2000000.00' })),
      posted(budgetOpenedEntry(fundBudgetOpened())),
      posted(compensationApprovedEntry(approvedV1())),
      compensationPaidEntry(compensationPaid()),
      posted(recoveryDistributedEntry(distributedV1())),
    ];
    const balance = (code: string, normalSide: 'DEBIT' | 'CREDIT' = 'DEBIT') => {
      const sum = (direction: 'DEBIT' | 'CREDIT') =>
        Money.sum(
          entries
            .flatMap((entry) => entry.postings)
            .filter((p) => p.accountCode === code && p.direction === direction)
            .map((p) => Money.of(p.amount)),
        );
      return (normalSide === 'DEBIT' ? sum('DEBIT').minus(sum('CREDIT')) : sum('CREDIT').minus(sum('DEBIT'))).toString();
    };
    expect(balance(principalDefaulted)).toBe('0.00');
    expect(balance(fundCash)).toBe('49900000.00'); // 50,000,000 − 500,000 + 400,000
    expect(balance(receivable)).toBe('400000.00'); // the guarantor’s and the appraiser’s parts, not paid yet
    expect(balance(`guarantor:${GUARANTOR}:compensation-payable`, 'CREDIT')).toBe('300000.00');
    expect(balance(creditLoss)).toBe('1100000.00');
    expect(balance(bankCash)).toBe('580000.00'); // 500,000 from the fund + 80,000 kept of the proceeds
  });
});

describe('version 2: the fund’s side from the fund’s event, the loan’s side from the loans topic', () => {
  /** What `drafts` move together: each account's net (debits − credits), accounts that net to zero left out. */
  const netMoves = (...drafts: JournalEntryDraft[]) => {
    const net = new Map<string, Money>();
    for (const [code, direction, amount] of drafts.flatMap(legsOf)) {
      const signed = direction === 'DEBIT' ? Money.of(amount) : Money.of(amount).negated();
      net.set(code, (net.get(code) ?? Money.zero()).plus(signed));
    }
    return Object.fromEntries(
      [...net]
        .filter(([, amount]) => !amount.isZero())
        .map(([code, amount]) => [code, amount.toString()])
        .sort(),
    );
  };
  const clearing = `bank:${BANK}:compensation-clearing`;

  it.each([
    ['the worked example', {}, {}],
    ['compensation beyond the outstanding principal', { outstandingPrincipal: '800000.00' }, { outstandingPrincipal: '800000.00' }],
  ] as const)('splits an approval into two balanced entries that move what version 1’s one entry moves (%s)', (_case, approval, loan) => {
    const fundSide = posted(compensationApprovedEntry(compensationApproved(approval)));
    const loanSide = posted(loanCompensationApprovedEntry(loanCompensationApproved(loan)));
    expectBalancedAt(fundSide, '1800000.00'); // 900,000.00 of expenses and payables, 900,000.00 receivable against clearing
    expect(legsOf(fundSide).some(([code]) => code.startsWith('loan:'))).toBe(false);
    expect(legsOf(fundSide)).toContainEqual([receivable, 'DEBIT', '900000.00']);
    expect(legsOf(fundSide)).toContainEqual([clearing, 'CREDIT', '900000.00']);
    expect(legsOf(loanSide)).toContainEqual([clearing, 'DEBIT', '900000.00']);
    expect(legsOf(loanSide).every(([code]) => code.startsWith('loan:') || code.startsWith('bank:'))).toBe(true);
    expect(netMoves(fundSide, loanSide)).toEqual(netMoves(posted(compensationApprovedEntry(approvedV1(approval)))));
  });

  it('waits for nothing on the fund’s side; the loan’s side builds on the default before it on the loan’s partition', () => {
    expect(posted(compensationApprovedEntry(compensationApproved())).buildsOn).toBeUndefined();
    expect(posted(loanCompensationApprovedEntry(loanCompensationApproved())).buildsOn).toEqual([
      { accountCode: principalDefaulted, event: `LoanDefaulted of loan ${LOAN}` },
    ]);
  });

  it('posts nothing on the loan’s side when nobody owes the bank anything', () => {
    expect(loanCompensationApprovedEntry(loanCompensationApproved({ owedToBank: '0.00' }))).toBeNull();
  });

  const recoveries: [string, Parameters<typeof recoveryDistributed>[0], Parameters<typeof loanRecoverySettled>[0]][] = [
    ['the worked example', {}, {}],
    ['a residual to the bank', { netProceeds: '850000.00', residualToBank: '50000.00' }, { keptByBank: '130000.00' }],
    ['a disposal that brought nothing', { netProceeds: '0.00', returns: [] }, { keptByBank: '0.00' }],
  ];
  it.each(recoveries)(
    'splits a recovery into two balanced entries that move what version 1’s one entry moves (%s)',
    (_case, recovery, loan) => {
      const fundSide = recoveryDistributedEntry(recoveryDistributed(recovery));
      const loanSide = posted(loanRecoverySettledEntry(loanRecoverySettled(loan)));
      const sides = fundSide === null ? [loanSide] : [fundSide, loanSide];
      expect(netMoves(...sides)).toEqual(netMoves(posted(recoveryDistributedEntry(distributedV1(recovery)))));
      expect(loanSide.buildsOn).toEqual([{ accountCode: principalDefaulted, event: `LoanDefaulted of loan ${LOAN}` }]);
      expect(fundSide?.buildsOn).toBeUndefined();
    },
  );
});

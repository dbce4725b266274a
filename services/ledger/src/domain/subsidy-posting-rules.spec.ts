import { BANK, LOAN } from '../test-support/loan-events';
import { APPLICATION, BORROWER_USCC, SCHEME, subsidyApproved, subsidyPaid } from '../test-support/subsidy-events';
import { applyPostings, balanceOf, PostingRefusedError, type AccountTotals } from './balances';
import { describeAccount } from './chart-of-accounts';
import { totalOf, type JournalEntryDraft } from './journal-entry';
import { subsidyApprovedEntry, subsidyPaidEntry } from './subsidy-posting-rules';

const expense2026 = `scheme:${SCHEME}:subsidy-expense:2026`;
const payable = `scheme:${SCHEME}:subsidy-payable`;
const schemeCash = `scheme:${SCHEME}:cash`;

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

/**
 * Posts `drafts` in order on accounts opened from their codes, with the balance rules of posting
 * time (balances.ts: an account that may not go negative refuses the entry), and returns each
 * account's balance signed on its normal side.
 */
function balancesAfter(...drafts: JournalEntryDraft[]): Record<string, string> {
  let totals: AccountTotals[] = [];
  for (const draft of drafts) {
    const opened = draft.postings
      .map((posting) => posting.accountCode)
      .filter((code, index, codes) => codes.indexOf(code) === index && !totals.some((account) => account.code === code))
      .map((code): AccountTotals => {
        const { normalSide, allowNegative } = describeAccount(code);
        return { code, normalSide, allowNegative, debitsPosted: '0.00', creditsPosted: '0.00' };
      });
    totals = applyPostings([...totals, ...opened], draft);
  }
  return Object.fromEntries(totals.map((account) => [account.code, balanceOf(account).toString()]));
}

describe('posting an approved subsidy (补贴核定)', () => {
  it('books the worked example: 45,000.00 of 90,000.00 interest paid, charged to 2026 and owed to the borrower', () => {
    const event = subsidyApproved();
    expect(subsidyApprovedEntry(event)).toEqual({
      eventId: event.eventId,
      eventType: 'SubsidyApproved',
      description: `Subsidy application ${APPLICATION} (interest) on loan ${LOAN} of ${BANK} approved by scheme ${SCHEME} v1: 45000.00 of 90000.00 paid, charged to budget year 2026`,
      effectiveDate: '2026-04-10',
      correlationId: event.correlationId,
      reversesEntryId: null,
      postings: [
        { accountCode: expense2026, direction: 'DEBIT', amount: '45000.00' },
        { accountCode: payable, direction: 'CREDIT', amount: '45000.00' },
      ],
    });
  });

  it('balances, debits equal to credits to the fen', () => {
    const sut = posted(subsidyApprovedEntry(subsidyApproved({ approvedAmount: '12345.67', amountPaid: '24691.34' })));
    expectBalancedAt(sut, '12345.67');
  });

  it('charges the budget year the approval names, at the approval date', () => {
    const sut = posted(
      subsidyApprovedEntry(
        subsidyApproved({
          kind: 'guarantee-fee',
          budgetYear: 2027,
          approvedOn: '2027-01-04',
          amountPaid: '20000.00',
          approvedAmount: '0.01',
        }),
      ),
    );
    expect(sut.effectiveDate).toBe('2027-01-04');
    expect(sut.description).toContain('(guarantee-fee)');
    expect(legsOf(sut)).toEqual([
      [`scheme:${SCHEME}:subsidy-expense:2027`, 'DEBIT', '0.01'],
      [payable, 'CREDIT', '0.01'],
    ]);
  });

  it('posts nothing for an approval of 0.00 (a cap or the budget left nothing): no empty entry', () => {
    expect(subsidyApprovedEntry(subsidyApproved({ approvedAmount: '0.00' }))).toBeNull();
  });

  it('waits for nothing from another topic', () => {
    expect(posted(subsidyApprovedEntry(subsidyApproved())).buildsOn).toBeUndefined();
  });
});

describe('posting a subsidy payout (补贴拨付)', () => {
  it('pays the payable out of the scheme’s cash, to the borrower outside the programme', () => {
    const event = subsidyPaid();
    expect(subsidyPaidEntry(event)).toEqual({
      eventId: event.eventId,
      eventType: 'SubsidyPaid',
      description: `Scheme ${SCHEME} paid 45000.00 to borrower ${BORROWER_USCC} for subsidy application ${APPLICATION} (interest) on loan ${LOAN} of ${BANK} (budget year 2026, payment CQ-SUB-2026-0001)`,
      effectiveDate: '2026-04-20',
      correlationId: event.correlationId,
      reversesEntryId: null,
      postings: [
        { accountCode: payable, direction: 'DEBIT', amount: '45000.00' },
        { accountCode: schemeCash, direction: 'CREDIT', amount: '45000.00' },
      ],
    });
    expect(event.payload.budgetYear).toBe(2026);
  });

  it('balances and carries a payout to the fen', () => {
    const sut = subsidyPaidEntry(subsidyPaid({ amount: '0.01' }));
    expectBalancedAt(sut, '0.01');
    expect(sut.buildsOn).toBeUndefined();
  });

  it('touches only the scheme’s books: the borrower and the bank have no legs', () => {
    const codes = [...subsidyPaidEntry(subsidyPaid()).postings, ...posted(subsidyApprovedEntry(subsidyApproved())).postings].map(
      (posting) => posting.accountCode,
    );
    expect(codes.every((code) => code.startsWith(`scheme:${SCHEME}:`))).toBe(true);
  });
});

describe('an approval and its payout', () => {
  it('leave the payable at 0.00, the year’s expense at what was approved and the scheme’s cash below zero by what was paid', () => {
    expect(balancesAfter(posted(subsidyApprovedEntry(subsidyApproved())), subsidyPaidEntry(subsidyPaid()))).toEqual({
      [expense2026]: '45000.00',
      [payable]: '0.00',
      [schemeCash]: '-45000.00',
    });
  });

  it('keep what is approved and not yet paid in the payable', () => {
    const first = posted(subsidyApprovedEntry(subsidyApproved({ approvedAmount: '45000.00' })));
    const second = posted(
      subsidyApprovedEntry(subsidyApproved({ kind: 'evaluation-fee', amountPaid: '8000.00', approvedAmount: '4000.00' })),
    );
    expect(balancesAfter(first, second, subsidyPaidEntry(subsidyPaid({ amount: '45000.00' })))).toEqual({
      [expense2026]: '49000.00',
      [payable]: '4000.00',
      [schemeCash]: '-45000.00',
    });
  });

  it('refuse a payout of more than was approved: the payable may not go below zero', () => {
    const approval = posted(subsidyApprovedEntry(subsidyApproved({ approvedAmount: '45000.00' })));
    expect(() => balancesAfter(approval, subsidyPaidEntry(subsidyPaid({ amount: '45000.01' })))).toThrow(PostingRefusedError);
    expect(() => balancesAfter(subsidyPaidEntry(subsidyPaid()))).toThrow(
      `${payable} would go to -45000.00 (from 0.00); it may not go below zero on its credit side`,
    );
  });
});

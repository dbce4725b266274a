// Posting rules for risk compensation (风险补偿): the fund's budget, an approved claim, the fund's
// payout to the bank and the sharing back of disposal proceeds with the final write-off. One event
// in, one balanced entry (or nothing, when the event moves no money) out; pure functions over the
// chart (chart-of-accounts.ts), every entry checked by assertPostable.
//
// The life of a defaulted loan's principal P in loan:<bank>:<loan>:principal-defaulted:
//   default      +P                       (posting-rules.ts)
//   approval     −min(R, P)               R = what the fund and the risk sharers owe the bank
//   recovery     −W                       the rest, written off as the bank's credit loss
// The bank's own part and any fund shortfall are not compensated: they stay in principal-defaulted
// until the write-off. The borrower has no account; what it gets back leaves through the bank's cash.
//
// An approval and a recovery each post two entries from version 2 of their events on: the fund's and
// the risk sharers' side from the fund's event (compensation topic, in order with the fund's budget
// and payouts), the loan's side from LoanCompensationApproved / LoanRecoverySettled (loans topic, in
// order after the loan's default). Each side balances on its own, and the two sum to the one entry
// that version 1 of the fund's event still posts.
import type { EventEnvelope, PayloadOf } from '@ipledger/contracts';
import { Money } from '@ipledger/money';
import { accounts } from './chart-of-accounts';
import { entry, entryUnlessNothingMoves, leg } from './entry-drafting';
import type { EarlierPosting, JournalEntryDraft, PostingDraft } from './journal-entry';

type RiskSharer = 'guarantor' | 'insurer' | 'appraiser';
type PartyRole = PayloadOf<'CompensationApproved'>['parts'][number]['party'];

const RISK_SHARERS: readonly PartyRole[] = ['guarantor', 'insurer', 'appraiser'] satisfies RiskSharer[];

/** The lines of guarantors, insurers and appraisers: the parties with books of their own in a claim. */
function riskSharersOf<L extends { party: PartyRole }>(lines: readonly L[]): (L & { party: RiskSharer })[] {
  return lines.filter((line): line is L & { party: RiskSharer } => RISK_SHARERS.includes(line.party));
}

/**
 * The loan's default, posted from the loans topic, which Kafka does not order with the
 * compensation topic: an entry that credits the defaulted principal waits for it.
 */
function defaultOf(bankOrgId: string, loanId: string, credited: Money): EarlierPosting[] {
  return credited.isZero()
    ? []
    : [{ accountCode: accounts.loanPrincipalDefaulted(bankOrgId, loanId), event: `LoanDefaulted of loan ${loanId}` }];
}

/** What the `party` lines of a distribution return (there is normally one line, or none). */
function returnedTo(returns: PayloadOf<'RecoveryDistributed'>['returns'], party: 'fund' | 'bank'): Money {
  return Money.sum(returns.filter((line) => line.party === party).map((line) => Money.of(line.returned)));
}

/**
 * 风险补偿资金预算: a fund's budget year opens with its appropriation, which fills the pool
 * (Dr fund cash / Cr fund appropriations of the year). An appropriation of 0.00 moves no money:
 * null, nothing is posted.
 */
export function budgetOpenedEntry(event: EventEnvelope<'FundBudgetOpened'>): JournalEntryDraft | null {
  const { fundId, budgetYear, appropriated, policyId, policyVersion, openedOn } = event.payload;
  const amount = Money.of(appropriated);
  return entryUnlessNothingMoves(event, {
    description: `Fund ${fundId} budget year ${budgetYear} opened with ${amount.toString()} appropriated (policy ${policyId} v${policyVersion})`,
    effectiveDate: openedOn,
    postings: [
      ...leg(accounts.fund(fundId, 'cash'), 'DEBIT', amount),
      ...leg(accounts.fundForYear(fundId, 'appropriations', budgetYear), 'CREDIT', amount),
    ],
  });
}

/**
 * 资金拨付: a government (province, city or district) paid money into the fund. On its own books the
 * money leaves its treasury as a contribution to the fund (Dr government fund-contributions / Cr
 * government cash), whatever the kind. A top-up (追加) also raises the year's budget and fills the
 * pool by as much (Dr fund cash / Cr fund appropriations of the year). A payment towards the
 * appropriation does not: the pool counted the year's appropriation when the year opened
 * (budgetOpenedEntry), so the fund's side would count it twice.
 */
export function fundContributionEntry(event: EventEnvelope<'FundContributionReceived'>): JournalEntryDraft {
  const { contributionId, fundId, budgetYear, payerCode, payerName, kind, amount, receivedOn, reference } = event.payload;
  const paid = Money.of(amount);
  const topUp = kind === 'top-up';
  return entry(event, {
    description: `${payerName} (${payerCode}) paid ${paid.toString()} into fund ${fundId} for ${budgetYear} as ${topUp ? 'a top-up' : 'its part of the appropriation'} (contribution ${contributionId}, ${reference})`,
    effectiveDate: receivedOn,
    postings: [
      ...leg(accounts.government(payerCode, 'fund-contributions'), 'DEBIT', paid),
      ...leg(accounts.government(payerCode, 'cash'), 'CREDIT', paid),
      ...(topUp
        ? [
            ...leg(accounts.fund(fundId, 'cash'), 'DEBIT', paid),
            ...leg(accounts.fundForYear(fundId, 'appropriations', budgetYear), 'CREDIT', paid),
          ]
        : []),
    ],
  });
}

/** The fund's part and each risk sharer's, as expense and payable: the approval's fund side. */
function approvalFundSide(payload: PayloadOf<'CompensationApproved'>): { postings: PostingDraft[]; owedToBank: Money } {
  const { fundId, budgetYear, parts, fundPayable } = payload;
  const fundOwes = Money.of(fundPayable);
  const sharers = riskSharersOf(parts);
  const postings = [
    ...leg(accounts.fundForYear(fundId, 'compensation-expense', budgetYear), 'DEBIT', fundOwes),
    ...leg(accounts.fund(fundId, 'compensation-payable'), 'CREDIT', fundOwes),
    ...sharers.flatMap((part): PostingDraft[] => {
      const amount = Money.of(part.amount);
      return [
        ...leg(accounts.riskSharer(part.party, part.orgId, 'compensation-expense'), 'DEBIT', amount),
        ...leg(accounts.riskSharer(part.party, part.orgId, 'compensation-payable'), 'CREDIT', amount),
      ];
    }),
  ];
  return { postings, owedToBank: Money.sum([fundOwes, ...sharers.map((part) => Money.of(part.amount))]) };
}

/** The bank's receivable R, against the clearing account until the loan's side sets it against the defaulted principal. */
function receivableLegs(bankOrgId: string, owedToBank: Money): PostingDraft[] {
  return [
    ...leg(accounts.bank(bankOrgId, 'compensation-receivable'), 'DEBIT', owedToBank),
    ...leg(accounts.bank(bankOrgId, 'compensation-clearing'), 'CREDIT', owedToBank),
  ];
}

/**
 * What the bank is owed, R, set against the defaulted principal (up to P) and interest income (the
 * rest): the approval's loan side. `from` is the account debited with R: the receivable itself in a
 * version-1 entry, the clearing account the fund's side credited otherwise.
 */
function approvalLoanSide(
  bankOrgId: string,
  loanId: string,
  owedToBank: Money,
  outstandingPrincipal: Money,
  from: 'compensation-receivable' | 'compensation-clearing',
) {
  const principalSettled = Money.min(owedToBank, outstandingPrincipal);
  const interestCompensated = owedToBank.minus(principalSettled);
  return {
    principalSettled,
    interestCompensated,
    postings: [
      ...leg(accounts.bank(bankOrgId, from), 'DEBIT', owedToBank),
      ...leg(accounts.loanPrincipalDefaulted(bankOrgId, loanId), 'CREDIT', principalSettled),
      ...leg(accounts.bankInterestIncome(bankOrgId), 'CREDIT', interestCompensated),
    ],
  };
}

/**
 * 代偿 (approval): the fund and each risk sharer (guarantor, insurer, appraiser) recognise their
 * part as an expense and a payable; the bank recognises what they owe it, R, as a receivable.
 * R settles the defaulted principal up to what is outstanding, P; compensation beyond P covers
 * interest and is the bank's interest income. The fund's part is what it owes now (fundPayable,
 * within the year's budget), charged to the budget year. The bank's own part and the fund's
 * shortfall are not posted: they stay in principal-defaulted until the write-off. A claim on
 * which nobody owes the bank anything (R = 0.00) moves no money: null.
 *
 * Version 2 posts the fund's side and the bank's receivable against its compensation-clearing
 * account (so the fund's payout, on the same topic, always finds the receivable); the loan's side
 * (loanCompensationApprovedEntry) clears it against the defaulted principal. Version 1, from the
 * topic's history, posts it all in one entry.
 */
export function compensationApprovedEntry(event: EventEnvelope<'CompensationApproved'>): JournalEntryDraft | null {
  const { claimId, fundId, loanId, bankOrgId, approvedOn, outstandingPrincipal, approvedAmount, fundPayable } = event.payload;
  const fundSide = approvalFundSide(event.payload);
  const covered = `Claim ${claimId} on loan ${loanId} of ${bankOrgId} approved: ${Money.of(approvedAmount).toString()} covered, `;
  if (event.version >= 2) {
    return entryUnlessNothingMoves(event, {
      description: `${covered}${fundSide.owedToBank.toString()} owed to the bank by fund ${fundId} (${Money.of(fundPayable).toString()}) and the risk sharers`,
      effectiveDate: approvedOn,
      postings: [...fundSide.postings, ...receivableLegs(bankOrgId, fundSide.owedToBank)],
    });
  }
  const loanSide = approvalLoanSide(bankOrgId, loanId, fundSide.owedToBank, Money.of(outstandingPrincipal), 'compensation-receivable');
  return entryUnlessNothingMoves(event, {
    description:
      `${covered}${fundSide.owedToBank.toString()} owed to the bank (fund ${Money.of(fundPayable).toString()}), principal ${loanSide.principalSettled.toString()} compensated` +
      (loanSide.interestCompensated.isZero() ? '' : `, interest ${loanSide.interestCompensated.toString()}`),
    effectiveDate: approvedOn,
    postings: [...fundSide.postings, ...loanSide.postings],
    buildsOn: defaultOf(bankOrgId, loanId, loanSide.principalSettled),
  });
}

/**
 * 代偿 on the loan: what the bank is owed, R, cleared against the defaulted principal (up to P)
 * and interest income. On the loan's partition after its default, so the default is normally posted already;
 * should it not be (it was dead-lettered), the entry waits for it. R = 0.00 posts nothing.
 */
export function loanCompensationApprovedEntry(event: EventEnvelope<'LoanCompensationApproved'>): JournalEntryDraft | null {
  const { claimId, loanId, bankOrgId, approvedOn, owedToBank, outstandingPrincipal } = event.payload;
  const loanSide = approvalLoanSide(bankOrgId, loanId, Money.of(owedToBank), Money.of(outstandingPrincipal), 'compensation-clearing');
  return entryUnlessNothingMoves(event, {
    description:
      `Claim ${claimId} on loan ${loanId} of ${bankOrgId} approved: ${Money.of(owedToBank).toString()} owed to the bank, principal ${loanSide.principalSettled.toString()} compensated` +
      (loanSide.interestCompensated.isZero() ? '' : `, interest ${loanSide.interestCompensated.toString()}`),
    effectiveDate: approvedOn,
    postings: loanSide.postings,
    buildsOn: defaultOf(bankOrgId, loanId, loanSide.principalSettled),
  });
}

/**
 * 补偿资金缺口结算, the fund's side (compensation topic): a later budget year settles S of a claim's
 * shortfall. The fund recognises it as that year's expense and a payable (Dr fund
 * compensation-expense:Y / Cr fund compensation-payable); the bank recognises it as owed (Dr bank
 * compensation-receivable / Cr bank compensation-clearing) until the loan's side clears it. It is
 * paid like any payout (CompensationPaid).
 */
export function shortfallSettledEntry(event: EventEnvelope<'CompensationShortfallSettled'>): JournalEntryDraft {
  const { settlementId, claimId, fundId, loanId, bankOrgId, budgetYear, settledOn, amount } = event.payload;
  const settled = Money.of(amount);
  return entry(event, {
    description: `Fund ${fundId} settled ${settled.toString()} of the shortfall of claim ${claimId} on loan ${loanId} from its ${budgetYear} budget (settlement ${settlementId})`,
    effectiveDate: settledOn,
    postings: [
      ...leg(accounts.fundForYear(fundId, 'compensation-expense', budgetYear), 'DEBIT', settled),
      ...leg(accounts.fund(fundId, 'compensation-payable'), 'CREDIT', settled),
      ...receivableLegs(bankOrgId, settled),
    ],
  });
}

/**
 * 补偿资金缺口结算, the loan's side (loans topic, after the approval's loan side): the clearing
 * account against the defaulted principal the bank was owed nothing for, or (once written off) the
 * credit loss it bore for it, and compensated interest beyond that.
 */
export function loanShortfallSettledEntry(event: EventEnvelope<'LoanShortfallSettled'>): JournalEntryDraft {
  const { settlementId, claimId, loanId, bankOrgId, settledOn, amount, principalSettled, writtenOff, interestCompensated } = event.payload;
  const principal = Money.of(principalSettled);
  return entry(event, {
    description: `Shortfall of claim ${claimId} on loan ${loanId} of ${bankOrgId} settled (${settlementId}): ${Money.of(amount).toString()}, principal ${principal.toString()}${writtenOff ? ' of the credit loss written off' : ''} compensated`,
    effectiveDate: settledOn,
    postings: [
      ...leg(accounts.bank(bankOrgId, 'compensation-clearing'), 'DEBIT', Money.of(amount)),
      ...leg(
        writtenOff ? accounts.bank(bankOrgId, 'credit-loss') : accounts.loanPrincipalDefaulted(bankOrgId, loanId),
        'CREDIT',
        principal,
      ),
      ...leg(accounts.bankInterestIncome(bankOrgId), 'CREDIT', Money.of(interestCompensated)),
    ],
    buildsOn: writtenOff ? [] : defaultOf(bankOrgId, loanId, principal),
  });
}

/**
 * 代偿拨付 (payout): the fund pays the bank its payable. The fund's pool and payable go down
 * (Dr fund payable / Cr fund cash, which can never be overdrawn); the bank's cash comes in against
 * its receivable (Dr bank cash / Cr bank compensation-receivable).
 */
export function compensationPaidEntry(event: EventEnvelope<'CompensationPaid'>): JournalEntryDraft {
  const { claimId, fundId, loanId, bankOrgId, budgetYear, amount, paidOn, paymentReference } = event.payload;
  const paid = Money.of(amount);
  return entry(event, {
    description: `Fund ${fundId} paid ${paid.toString()} to ${bankOrgId} for claim ${claimId} on loan ${loanId} (budget year ${budgetYear}, payment ${paymentReference})`,
    effectiveDate: paidOn,
    postings: [
      ...leg(accounts.fund(fundId, 'compensation-payable'), 'DEBIT', paid),
      ...leg(accounts.fund(fundId, 'cash'), 'CREDIT', paid),
      ...leg(accounts.bankCash(bankOrgId), 'DEBIT', paid),
      ...leg(accounts.bank(bankOrgId, 'compensation-receivable'), 'CREDIT', paid),
    ],
  });
}

/**
 * A guarantor, insurer or appraiser S paid the bank its part a of an approved claim: S's payable
 * closes against its cash (Dr S:compensation-payable / Cr S:cash) and the bank's receivable for
 * that part against the bank's cash (Dr bank:B:cash / Cr bank:B:compensation-receivable).
 */
export function sharePaidEntry(event: EventEnvelope<'CompensationSharePaid'>): JournalEntryDraft {
  const { claimId, loanId, bankOrgId, party, orgId, amount, paidOn, paymentReference } = event.payload;
  const paid = Money.of(amount);
  return entry(event, {
    description: `The ${party} ${orgId} paid ${paid.toString()} to ${bankOrgId}, its part of claim ${claimId} on loan ${loanId} (payment ${paymentReference})`,
    effectiveDate: paidOn,
    postings: [
      ...leg(accounts.riskSharer(party, orgId, 'compensation-payable'), 'DEBIT', paid),
      ...leg(accounts.riskSharer(party, orgId, 'cash'), 'CREDIT', paid),
      ...leg(accounts.bankCash(bankOrgId), 'DEBIT', paid),
      ...leg(accounts.bank(bankOrgId, 'compensation-receivable'), 'CREDIT', paid),
    ],
  });
}

/** The fund's and the risk sharers' returns into their cash, as recoveries: the recovery's fund side. */
function recoveryFundSide(payload: PayloadOf<'RecoveryDistributed'>): { postings: PostingDraft[]; passedOn: Money } {
  const { fundId, budgetYear, returns } = payload;
  const fundReturn = returnedTo(returns, 'fund');
  const sharers = riskSharersOf(returns);
  return {
    passedOn: Money.sum([fundReturn, ...sharers.map((line) => Money.of(line.returned))]),
    postings: [
      ...leg(accounts.fund(fundId, 'cash'), 'DEBIT', fundReturn),
      ...leg(accounts.fundForYear(fundId, 'recoveries', budgetYear), 'CREDIT', fundReturn),
      ...sharers.flatMap((line): PostingDraft[] => {
        const amount = Money.of(line.returned);
        return [
          ...leg(accounts.riskSharer(line.party, line.orgId, 'cash'), 'DEBIT', amount),
          ...leg(accounts.riskSharer(line.party, line.orgId, 'recoveries'), 'CREDIT', amount),
        ];
      }),
    ],
  };
}

/**
 * The bank's side of a recovery: its cash in and what it keeps as recoveries (the same amount
 * whenever the proceeds add up; an entry where they do not cannot balance).
 */
function bankKeepsLegs(bankOrgId: string, cashIn: Money, kept: Money): PostingDraft[] {
  return [...leg(accounts.bankCash(bankOrgId), 'DEBIT', cashIn), ...leg(accounts.bank(bankOrgId, 'recoveries'), 'CREDIT', kept)];
}

/** 核销: the defaulted principal nobody will pay any more, as the bank's credit loss. */
function writeOffLegs(bankOrgId: string, loanId: string, writtenOff: Money): PostingDraft[] {
  return [
    ...leg(accounts.bank(bankOrgId, 'credit-loss'), 'DEBIT', writtenOff),
    ...leg(accounts.loanPrincipalDefaulted(bankOrgId, loanId), 'CREDIT', writtenOff),
  ];
}

/**
 * 追偿 (sharing back disposal proceeds) and 核销 (write-off). The bank received the net proceeds N,
 * passed the fund's and the risk sharers' returns on and paid any residual out to the borrower (who
 * has no account), so its cash goes up by what it keeps: its own return plus the residual to the
 * bank, its recoveries income. The fund's return goes back to the budget line of the year its
 * compensation was charged to; each risk sharer's is its recoveries income. The defaulted principal
 * nobody will pay any more is written off as the bank's credit loss. Nothing to post when no
 * proceeds and no principal are left (null).
 *
 * Version 2 posts the fund's and risk sharers' returns only (the bank's side and the write-off are
 * loanRecoverySettledEntry); version 1, from the topic's history, posts all of it in one entry.
 */
export function recoveryDistributedEntry(event: EventEnvelope<'RecoveryDistributed'>): JournalEntryDraft | null {
  const { claimId, loanId, bankOrgId, distributedOn, netProceeds, returns, residualToBank, residualToBorrower, principalWrittenOff } =
    event.payload;
  const proceeds = Money.of(netProceeds);
  const toBorrower = Money.of(residualToBorrower);
  const writtenOff = Money.of(principalWrittenOff);
  const bankKeeps = returnedTo(returns, 'bank').plus(Money.of(residualToBank));
  const fundSide = recoveryFundSide(event.payload);
  const bankCashIn = proceeds.minus(fundSide.passedOn).minus(toBorrower);
  if (bankCashIn.isNegative()) {
    throw new RangeError(
      `claim ${claimId}: ${fundSide.passedOn.toString()} returned to others and ${toBorrower.toString()} to the borrower exceed the net proceeds ${proceeds.toString()}`,
    );
  }
  const shared =
    `Claim ${claimId} on loan ${loanId} of ${bankOrgId}: net proceeds ${proceeds.toString()} shared back ` +
    `(${fundSide.passedOn.toString()} passed on, ${bankKeeps.toString()} kept by the bank, ${toBorrower.toString()} to the borrower)`;
  if (event.version >= 2) {
    return entryUnlessNothingMoves(event, { description: shared, effectiveDate: distributedOn, postings: fundSide.postings });
  }
  return entryUnlessNothingMoves(event, {
    description: `${shared}, principal ${writtenOff.toString()} written off`,
    effectiveDate: distributedOn,
    postings: [...bankKeepsLegs(bankOrgId, bankCashIn, bankKeeps), ...fundSide.postings, ...writeOffLegs(bankOrgId, loanId, writtenOff)],
    buildsOn: defaultOf(bankOrgId, loanId, writtenOff),
  });
}

/**
 * 追偿 and 核销 on the loan: what the bank keeps of the proceeds into its cash as recoveries, and
 * the defaulted principal written off as its credit loss. On the loan's partition after its
 * default; should the default not be posted (dead-lettered), the entry waits for it.
 */
export function loanRecoverySettledEntry(event: EventEnvelope<'LoanRecoverySettled'>): JournalEntryDraft | null {
  const { claimId, loanId, bankOrgId, distributedOn, keptByBank, principalWrittenOff } = event.payload;
  const writtenOff = Money.of(principalWrittenOff);
  return entryUnlessNothingMoves(event, {
    description: `Claim ${claimId} on loan ${loanId} of ${bankOrgId}: ${Money.of(keptByBank).toString()} of the proceeds kept by the bank, principal ${writtenOff.toString()} written off`,
    effectiveDate: distributedOn,
    postings: [...bankKeepsLegs(bankOrgId, Money.of(keptByBank), Money.of(keptByBank)), ...writeOffLegs(bankOrgId, loanId, writtenOff)],
    buildsOn: defaultOf(bankOrgId, loanId, writtenOff),
  });
}

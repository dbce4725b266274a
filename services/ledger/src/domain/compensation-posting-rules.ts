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
 * 代偿 (approval): the fund and each risk sharer (guarantor, insurer, appraiser) recognise their
 * part as an expense and a payable; the bank recognises what they owe it, R, as a receivable.
 * R settles the defaulted principal up to what is outstanding, P; compensation beyond P covers
 * interest and is the bank's interest income. The fund's part is what it owes now (fundPayable,
 * within the year's budget), charged to the budget year. The bank's own part and the fund's
 * shortfall are not posted: they stay in principal-defaulted until the write-off. A claim on
 * which nobody owes the bank anything (R = 0.00) moves no money: null.
 */
export function compensationApprovedEntry(event: EventEnvelope<'CompensationApproved'>): JournalEntryDraft | null {
  const { claimId, fundId, loanId, bankOrgId, budgetYear, approvedOn, outstandingPrincipal, approvedAmount, parts, fundPayable } =
    event.payload;
  const fundOwes = Money.of(fundPayable);
  const sharers = riskSharersOf(parts);
  const owedToBank = Money.sum([fundOwes, ...sharers.map((part) => Money.of(part.amount))]);
  const principalSettled = Money.min(owedToBank, Money.of(outstandingPrincipal));
  const interestCompensated = owedToBank.minus(principalSettled);
  const sharerLegs = sharers.flatMap((part): PostingDraft[] => {
    const amount = Money.of(part.amount);
    return [
      ...leg(accounts.riskSharer(part.party, part.orgId, 'compensation-expense'), 'DEBIT', amount),
      ...leg(accounts.riskSharer(part.party, part.orgId, 'compensation-payable'), 'CREDIT', amount),
    ];
  });
  return entryUnlessNothingMoves(event, {
    description:
      `Claim ${claimId} on loan ${loanId} of ${bankOrgId} approved: ${Money.of(approvedAmount).toString()} covered, ` +
      `${owedToBank.toString()} owed to the bank (fund ${fundOwes.toString()}), principal ${principalSettled.toString()} compensated` +
      (interestCompensated.isZero() ? '' : `, interest ${interestCompensated.toString()}`),
    effectiveDate: approvedOn,
    postings: [
      ...leg(accounts.fundForYear(fundId, 'compensation-expense', budgetYear), 'DEBIT', fundOwes),
      ...leg(accounts.fund(fundId, 'compensation-payable'), 'CREDIT', fundOwes),
      ...sharerLegs,
      ...leg(accounts.bank(bankOrgId, 'compensation-receivable'), 'DEBIT', owedToBank),
      ...leg(accounts.loanPrincipalDefaulted(bankOrgId, loanId), 'CREDIT', principalSettled),
      ...leg(accounts.bankInterestIncome(bankOrgId), 'CREDIT', interestCompensated),
    ],
    buildsOn: defaultOf(bankOrgId, loanId, principalSettled),
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
 * 追偿 (sharing back disposal proceeds) and 核销 (write-off), one entry. The bank received the net
 * proceeds N, passed the fund's and the risk sharers' returns on and paid any residual out to the
 * borrower (who has no account), so its cash goes up by what it keeps: its own return plus the
 * residual to the bank, its recoveries income. The fund's return goes back to the budget line of
 * the year its compensation was charged to; each risk sharer's is its recoveries income. The
 * defaulted principal nobody will pay any more is written off as the bank's credit loss. Nothing
 * to post when no proceeds and no principal are left (null).
 */
export function recoveryDistributedEntry(event: EventEnvelope<'RecoveryDistributed'>): JournalEntryDraft | null {
  const {
    claimId,
    fundId,
    loanId,
    bankOrgId,
    budgetYear,
    distributedOn,
    netProceeds,
    returns,
    residualToBank,
    residualToBorrower,
    principalWrittenOff,
  } = event.payload;
  const proceeds = Money.of(netProceeds);
  const toBorrower = Money.of(residualToBorrower);
  const writtenOff = Money.of(principalWrittenOff);
  const fundReturn = returnedTo(returns, 'fund');
  const bankKeeps = returnedTo(returns, 'bank').plus(Money.of(residualToBank));
  const sharers = riskSharersOf(returns);
  const passedOn = Money.sum([fundReturn, ...sharers.map((line) => Money.of(line.returned))]);
  const bankCashIn = proceeds.minus(passedOn).minus(toBorrower);
  if (bankCashIn.isNegative()) {
    throw new RangeError(
      `claim ${claimId}: ${passedOn.toString()} returned to others and ${toBorrower.toString()} to the borrower exceed the net proceeds ${proceeds.toString()}`,
    );
  }
  return entryUnlessNothingMoves(event, {
    description:
      `Claim ${claimId} on loan ${loanId} of ${bankOrgId}: net proceeds ${proceeds.toString()} shared back ` +
      `(${passedOn.toString()} passed on, ${bankKeeps.toString()} kept by the bank, ${toBorrower.toString()} to the borrower), ` +
      `principal ${writtenOff.toString()} written off`,
    effectiveDate: distributedOn,
    postings: [
      ...leg(accounts.bankCash(bankOrgId), 'DEBIT', bankCashIn),
      ...leg(accounts.bank(bankOrgId, 'recoveries'), 'CREDIT', bankKeeps),
      ...leg(accounts.fund(fundId, 'cash'), 'DEBIT', fundReturn),
      ...leg(accounts.fundForYear(fundId, 'recoveries', budgetYear), 'CREDIT', fundReturn),
      ...sharers.flatMap((line): PostingDraft[] => {
        const amount = Money.of(line.returned);
        return [
          ...leg(accounts.riskSharer(line.party, line.orgId, 'cash'), 'DEBIT', amount),
          ...leg(accounts.riskSharer(line.party, line.orgId, 'recoveries'), 'CREDIT', amount),
        ];
      }),
      ...leg(accounts.bank(bankOrgId, 'credit-loss'), 'DEBIT', writtenOff),
      ...leg(accounts.loanPrincipalDefaulted(bankOrgId, loanId), 'CREDIT', writtenOff),
    ],
    buildsOn: defaultOf(bankOrgId, loanId, writtenOff),
  });
}

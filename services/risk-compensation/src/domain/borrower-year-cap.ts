// Guangzhou 2023 caps what one borrower can have covered in a year and fills that room in
// loan-date order. The room a loan gets therefore depends on the borrower's other loans of the
// same calendar year that were made before it, not on which loan happened to default first.
import { Money } from '@ipledger/money';
import { isBefore, LocalDate, yearOf } from '@ipledger/calendar';
import { PolicyDraft } from './policy';

export interface BorrowerLoan {
  readonly loanId: string;
  readonly disbursedOn: LocalDate;
  readonly principal: Money;
}

/**
 * The per-borrower room already held by the borrower's loans disbursed earlier in the same
 * calendar year (same day: ordered by loan id, so the order is total and repeatable). Each earlier
 * loan holds its principal up to the per-loan cap: the most it could ever have covered.
 * Zero when the policy has no per-borrower cap.
 */
export function borrowerCoverageTakenBefore(policy: PolicyDraft, loan: BorrowerLoan, borrowerLoans: readonly BorrowerLoan[]): Money {
  if (policy.caps.perBorrowerPerYear === undefined) {
    return Money.zero();
  }
  const perLoan = policy.caps.perLoan === undefined ? undefined : Money.of(policy.caps.perLoan);
  const earlier = borrowerLoans.filter(
    (other) => other.loanId !== loan.loanId && yearOf(other.disbursedOn) === yearOf(loan.disbursedOn) && comesBefore(other, loan),
  );
  return Money.sum(earlier.map((other) => (perLoan === undefined ? other.principal : Money.min(other.principal, perLoan))));
}

function comesBefore(a: BorrowerLoan, b: BorrowerLoan): boolean {
  return isBefore(a.disbursedOn, b.disbursedOn) || (a.disbursedOn === b.disbursedOn && a.loanId < b.loanId);
}

// Who pays the fund's money (资金来源): the governments a policy names (province, city, district as
// separate payers, each with a weight: Weihai's province 40 : city 20), what each owes of a budget
// year's appropriation, and whether a contribution the bureau records may be taken.
//
// Rules (docs/funds.md):
//   - a government's level follows from its division code: a province's ends in 0000, a city's in
//     00, a district's in neither (GB/T 2260);
//   - what each named government owes of a year's appropriation is the appropriation split by the
//     weights (largest remainder, so the parts add up to the fen);
//   - an 'appropriation' contribution pays towards that part, never beyond it; where the policy names
//     no one, towards the appropriation as a whole;
//   - a 'top-up' (追加) raises the year's budget by its amount and has no ceiling;
//   - where the policy names who pays, only those governments contribute;
//   - a closed year takes no money, and nothing is paid in for a year after next year.
import { allocate, Money } from '@ipledger/money';
import { yearOf, type LocalDate } from '@ipledger/calendar';
import type { FundContributor, PolicyProblem } from './policy';
import { problem } from './policy-checks';

export type GovernmentLevel = 'province' | 'city' | 'district';
export type ContributionKind = 'appropriation' | 'top-up';

/** The level of government a 6-digit division code names. */
export function levelOfDivision(code: string): GovernmentLevel {
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'district';
}

export interface ContributorDue {
  readonly payerCode: string;
  readonly name: string;
  readonly level: GovernmentLevel;
  readonly weight: string;
  readonly due: Money;
}

/** Each named government's part of a year's appropriation, in the policy's order; [] when it names none. */
export function dueByContributor(appropriated: Money, fundedBy: readonly FundContributor[] | undefined): ContributorDue[] {
  if (fundedBy === undefined || fundedBy.length === 0) return [];
  const parts = allocate(
    appropriated,
    fundedBy.map((contributor) => contributor.weight),
  );
  return parts.map((due, index) => {
    const contributor = fundedBy[index] as FundContributor;
    return {
      payerCode: contributor.payerCode,
      name: contributor.name,
      level: levelOfDivision(contributor.payerCode),
      weight: contributor.weight,
      due,
    };
  });
}

/** The checks of a policy's `fundedBy`: division codes, each payer once, weights above zero. */
export function checkFundedBy(fundedBy: readonly FundContributor[] | undefined): PolicyProblem[] {
  if (fundedBy === undefined) return [];
  if (fundedBy.length === 0) {
    return [problem('fundedBy', 'not-empty', 'an empty list names no one who pays; leave it out when the policy does not say')];
  }
  const problems: PolicyProblem[] = [];
  fundedBy.forEach((contributor, index) => {
    const field = `fundedBy[${index}]`;
    if (!/^\d{6}$/.test(contributor.payerCode)) {
      problems.push(
        problem(`${field}.payerCode`, 'division-code', `a payer is a 6-digit division code, got ${JSON.stringify(contributor.payerCode)}`),
      );
    }
    if (fundedBy.findIndex((other) => other.payerCode === contributor.payerCode) !== index) {
      problems.push(problem(`${field}.payerCode`, 'payer-once', `${contributor.payerCode} is listed more than once`));
    }
    if (contributor.name.trim() === '') problems.push(problem(`${field}.name`, 'required', 'a payer needs its name'));
    if (!isPositiveDecimal(contributor.weight)) {
      problems.push(
        problem(
          `${field}.weight`,
          'positive-weight',
          `a weight is a decimal above 0 such as "40", got ${JSON.stringify(contributor.weight)}`,
        ),
      );
    }
  });
  return problems;
}

function isPositiveDecimal(value: string): boolean {
  return /^\d{1,9}(\.\d{1,6})?$/.test(value) && /[1-9]/.test(value);
}

export interface ContributionRequest {
  readonly payerCode: string;
  readonly kind: ContributionKind;
  readonly amount: Money;
  readonly budgetYear: number;
}

export interface BudgetYearFunding {
  /** The year's appropriation (the year is opened before a contribution is judged). */
  readonly appropriated: Money;
  readonly closedOn: LocalDate | null;
  readonly fundedBy: readonly FundContributor[] | undefined;
  /** What the payer (or, where the policy names no one, everyone) already paid towards the appropriation. */
  readonly appropriationPaid: Money;
}

/** A refusal names its stable code, the field it concerns and the words a person reads. */
export interface ContributionRefusal {
  readonly code: 'budget-year-closed' | 'budget-year-too-far' | 'payer-not-a-funder' | 'beyond-due';
  readonly field: 'budgetYear' | 'payerCode' | 'amount';
  readonly message: string;
}

/** Money is paid in for this year or the next, never further ahead. */
export function budgetYearTooFar(budgetYear: number, today: LocalDate): ContributionRefusal | undefined {
  if (budgetYear <= yearOf(today) + 1) return undefined;
  return {
    code: 'budget-year-too-far',
    field: 'budgetYear',
    message: `budget year ${budgetYear} is more than a year ahead (today is ${today}); money is paid in for this year or the next`,
  };
}

/** The first rule that refuses the contribution, or undefined when it may be recorded. */
export function contributionRefusal(
  request: ContributionRequest,
  year: BudgetYearFunding,
  today: LocalDate,
): ContributionRefusal | undefined {
  const tooFar = budgetYearTooFar(request.budgetYear, today);
  if (tooFar !== undefined) return tooFar;
  if (year.closedOn !== null) {
    return {
      code: 'budget-year-closed',
      field: 'budgetYear',
      message: `budget year ${request.budgetYear} was closed on ${year.closedOn} and takes no more money; record it for an open year`,
    };
  }
  const named = year.fundedBy ?? [];
  if (named.length > 0 && !named.some((contributor) => contributor.payerCode === request.payerCode)) {
    return {
      code: 'payer-not-a-funder',
      field: 'payerCode',
      message: `${request.payerCode} does not pay into this fund under its policy; the payers are ${named.map((each) => `${each.payerCode} ${each.name}`).join(', ')}`,
    };
  }
  if (request.kind === 'top-up') return undefined;
  // The payer is named (checked above) whenever the policy names any.
  const due =
    dueByContributor(year.appropriated, named).find((contributor) => contributor.payerCode === request.payerCode)?.due ?? year.appropriated;
  const left = Money.max(due.minus(year.appropriationPaid), Money.zero());
  if (request.amount.gt(left)) {
    const whose = named.length === 0 ? 'the appropriation' : `${request.payerCode}'s part of the appropriation`;
    return {
      code: 'beyond-due',
      field: 'amount',
      message: `${request.amount.toString()} is more than is left of ${whose} for ${request.budgetYear}: ${due.toString()} due, ${year.appropriationPaid.toString()} paid, ${left.toString()} left; money beyond it is a top-up`,
    };
  }
  return undefined;
}

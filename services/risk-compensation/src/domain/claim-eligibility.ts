// Whether a claim may be paid at all, judged by the policy version in force when the loan was
// disbursed. Every rule is evaluated (not just up to the first failure) so the bank sees all it
// has to fix, and the decision records which rules passed and which failed, each by name.
import { Money } from '@ipledger/money';
import { addYears, countWorkingDays, isAfter, isBefore, LocalDate, WorkingDayCalendar } from '@ipledger/calendar';
import { IpType, isInForce, PartyRole, PublishedPolicy, shareOf } from './policy';

export interface LoanFacts {
  readonly loanId: string;
  readonly borrowerId: string;
  /** Every pledged IP's type; each must be one the policy covers. */
  readonly pledgedIpTypes: readonly IpType[];
  readonly principal: Money;
  readonly termMonths: number;
  /** 6-digit administrative division code of the borrower. */
  readonly district: string;
  readonly disbursedOn: LocalDate;
  readonly defaultedOn?: LocalDate;
  readonly pledgeRegistrationNumber?: string;
  readonly borrowerRegisteredOn?: LocalDate;
  /** The latest bad credit record, if any. */
  readonly borrowerLastBadCreditOn?: LocalDate;
  /** The organisation in each risk-sharing role on this loan (the appraiser who valued the pledge, its guarantor, insurer). */
  readonly riskSharers: Partial<Record<RiskSharerRole, string>>;
}

export type RiskSharerRole = Extract<PartyRole, 'guarantor' | 'insurer' | 'appraiser'>;
export const RISK_SHARER_ROLES: readonly RiskSharerRole[] = ['guarantor', 'insurer', 'appraiser'];

export interface ClaimFacts {
  readonly claimId: string;
  readonly loanId: string;
  readonly filedOn: LocalDate;
  readonly disposalCompletedOn?: LocalDate;
}

export interface ExistingClaim {
  readonly claimId: string;
  readonly loanId: string;
  readonly status: 'pending' | 'approved' | 'rejected';
}

export interface ClaimContext {
  readonly calendar: WorkingDayCalendar;
  readonly existingClaims: readonly ExistingClaim[];
}

export type ClaimRule =
  | 'not-covered:policy-not-in-force'
  | 'not-covered:scope'
  | 'not-covered:pledge-not-registered'
  | 'not-covered:ip-type'
  | 'not-covered:max-amount'
  | 'not-covered:max-term'
  | 'not-covered:district'
  | 'not-covered:borrower-registration'
  | 'not-covered:credit-history'
  | 'not-covered:risk-sharer'
  | 'loan-not-defaulted'
  | 'disposal-required'
  | 'late-filing'
  | 'duplicate-claim';

export interface RuleOutcome {
  readonly rule: ClaimRule;
  readonly passed: boolean;
  readonly message: string;
}

/**
 * The filing deadline, and whether it is provisional: counted through a year not entered in the
 * working-day calendar (Monday to Friday), so it may move once the bureau publishes that year.
 */
export interface FilingDeadline {
  readonly date: LocalDate;
  readonly provisional: boolean;
  readonly provisionalYears: readonly number[];
}

export type ClaimCheck =
  | { readonly ok: true; readonly outcomes: readonly RuleOutcome[]; readonly filingDeadline: FilingDeadline }
  | { readonly ok: false; readonly outcomes: readonly RuleOutcome[]; readonly refusals: readonly RuleOutcome[] };

export function checkClaim(policy: PublishedPolicy, loan: LoanFacts, claim: ClaimFacts, context: ClaimContext): ClaimCheck {
  const timing = checkTiming(policy, loan, claim, context.calendar);
  const outcomes = [
    ...checkCoverage(policy, loan),
    ...checkBorrower(policy, loan),
    ...timing.outcomes,
    checkDuplicate(claim, context.existingClaims),
  ];
  const refusals = outcomes.filter((outcome) => !outcome.passed);
  return refusals.length === 0 && timing.deadline !== undefined
    ? { ok: true, outcomes, filingDeadline: timing.deadline }
    : { ok: false, outcomes, refusals };
}

function outcome(rule: ClaimRule, passed: boolean, message: string): RuleOutcome {
  return { rule, passed, message };
}

function checkCoverage(policy: PublishedPolicy, loan: LoanFacts): RuleOutcome[] {
  const { eligibility } = policy;
  const outcomes = [
    outcome(
      'not-covered:policy-not-in-force',
      isInForce(policy, loan.disbursedOn),
      `the loan was disbursed on ${loan.disbursedOn}; ${policy.policyId} v${policy.version} is in force from ${policy.effectiveFrom}` +
        (policy.effectiveTo === undefined ? '' : ` until (not including) ${policy.effectiveTo}`),
    ),
    outcome(
      'not-covered:pledge-not-registered',
      loan.pledgeRegistrationNumber !== undefined && loan.pledgeRegistrationNumber.trim() !== '',
      'only a loan whose pledge is registered (has a registration number) is covered',
    ),
  ];
  // A share the policy gives a guarantor, insurer or appraiser needs that party on the loan: otherwise
  // nobody would bear it, and the split would not add up to the covered loss.
  for (const role of RISK_SHARER_ROLES) {
    const share = shareOf(policy, role);
    if (share.isZero()) continue;
    const org = loan.riskSharers[role];
    outcomes.push(
      outcome(
        'not-covered:risk-sharer',
        org !== undefined && org.trim() !== '',
        org === undefined
          ? `the policy gives the ${role} a ${share.toString()} share; the loan names no ${role}`
          : `the ${role} ${org} bears a ${share.toString()} share`,
      ),
    );
  }
  if (policy.scope.cityCode !== undefined) {
    const cityCode = policy.scope.cityCode;
    outcomes.push(
      outcome(
        'not-covered:scope',
        loan.district.startsWith(cityCode),
        `the policy covers division codes ${cityCode}…; the borrower is in ${loan.district}`,
      ),
    );
  }
  if (policy.scope.district !== undefined) {
    const district = policy.scope.district;
    outcomes.push(
      outcome(
        'not-covered:scope',
        loan.district === district,
        `the policy is district ${district}'s own; the borrower is in ${loan.district}`,
      ),
    );
  }
  if (eligibility.ipTypes !== undefined) {
    const covered = eligibility.ipTypes;
    const uncovered = loan.pledgedIpTypes.filter((type) => !covered.includes(type));
    outcomes.push(
      outcome(
        'not-covered:ip-type',
        uncovered.length === 0 && loan.pledgedIpTypes.length > 0,
        `the policy covers pledges of ${covered.join(', ')}; this loan pledges ${loan.pledgedIpTypes.join(', ') || 'nothing'}`,
      ),
    );
  }
  if (eligibility.maxLoanAmount !== undefined) {
    const max = Money.of(eligibility.maxLoanAmount);
    outcomes.push(
      outcome(
        'not-covered:max-amount',
        loan.principal.lte(max),
        `loans up to ${max.toString()} yuan are covered; this one is ${loan.principal.toString()}`,
      ),
    );
  }
  if (eligibility.maxTermMonths !== undefined) {
    outcomes.push(
      outcome(
        'not-covered:max-term',
        loan.termMonths <= eligibility.maxTermMonths,
        `terms up to ${eligibility.maxTermMonths} months are covered; this one is ${loan.termMonths}`,
      ),
    );
  }
  if (eligibility.districts !== undefined) {
    outcomes.push(
      outcome(
        'not-covered:district',
        eligibility.districts.includes(loan.district),
        `the policy covers districts ${eligibility.districts.join(', ')}; the borrower is in ${loan.district}`,
      ),
    );
  }
  return outcomes;
}

function checkBorrower(policy: PublishedPolicy, loan: LoanFacts): RuleOutcome[] {
  const { borrowerRegisteredForYears: years, cleanCreditForYears: cleanYears } = policy.eligibility;
  const outcomes: RuleOutcome[] = [];
  if (years !== undefined) {
    const registered = loan.borrowerRegisteredOn;
    outcomes.push(
      outcome(
        'not-covered:borrower-registration',
        registered !== undefined && !isAfter(addYears(registered, years), loan.disbursedOn),
        `the borrower must have been registered for at least ${years} year(s) when the loan was made (${loan.disbursedOn}); registered on ${registered ?? 'unknown'}`,
      ),
    );
  }
  if (cleanYears !== undefined) {
    const cleanSince = addYears(loan.disbursedOn, -cleanYears);
    const lastBad = loan.borrowerLastBadCreditOn;
    outcomes.push(
      outcome(
        'not-covered:credit-history',
        lastBad === undefined || isBefore(lastBad, cleanSince),
        `no bad credit record is allowed since ${cleanSince} (${cleanYears} years before the loan); the latest is ${lastBad ?? 'none'}`,
      ),
    );
  }
  return outcomes;
}

/**
 * The filing clock starts at the event that makes a claim possible: the default under 'on-default',
 * the completed disposal under 'after-disposal' (a disposal takes months, so counting from the
 * default would make the deadline impossible to meet).
 */
function checkTiming(
  policy: PublishedPolicy,
  loan: LoanFacts,
  claim: ClaimFacts,
  calendar: WorkingDayCalendar,
): { outcomes: RuleOutcome[]; deadline?: FilingDeadline } {
  const defaultedOn = loan.defaultedOn;
  if (defaultedOn === undefined || isBefore(claim.filedOn, defaultedOn)) {
    const why = defaultedOn === undefined ? 'has no default' : `defaulted on ${defaultedOn}, after the filing`;
    return { outcomes: [outcome('loan-not-defaulted', false, `a claim needs a defaulted loan; loan ${loan.loanId} ${why}`)] };
  }
  const outcomes = [outcome('loan-not-defaulted', true, `the loan defaulted on ${defaultedOn}`)];
  let clockStart = defaultedOn;
  if (policy.trigger === 'after-disposal') {
    const disposedOn = claim.disposalCompletedOn;
    if (disposedOn === undefined || isAfter(disposedOn, claim.filedOn)) {
      outcomes.push(
        outcome(
          'disposal-required',
          false,
          'this policy pays the net loss only after the pledged IP has been disposed of; no completed disposal is on record',
        ),
      );
      return { outcomes };
    }
    outcomes.push(outcome('disposal-required', true, `the pledged IP was disposed of on ${disposedOn}`));
    clockStart = disposedOn;
  }
  const count = countWorkingDays(clockStart, policy.filingDeadlineWorkingDays, calendar);
  const provisional = count.provisional
    ? ` (provisional: ${count.provisionalYears.join(', ')} not yet in the working-day calendar, counted Monday to Friday)`
    : '';
  outcomes.push(
    outcome(
      'late-filing',
      !isAfter(claim.filedOn, count.date),
      `a claim must be filed within ${policy.filingDeadlineWorkingDays} working days of ${clockStart} (by ${count.date}${provisional}); filed on ${claim.filedOn}`,
    ),
  );
  return { outcomes, deadline: { date: count.date, provisional: count.provisional, provisionalYears: count.provisionalYears } };
}

/** A retried check of the same claim is not a duplicate; a rejected claim may be filed again. */
function checkDuplicate(claim: ClaimFacts, existing: readonly ExistingClaim[]): RuleOutcome {
  const other = existing.find(
    (candidate) => candidate.loanId === claim.loanId && candidate.claimId !== claim.claimId && candidate.status !== 'rejected',
  );
  return outcome(
    'duplicate-claim',
    other === undefined,
    other === undefined
      ? `no other open or approved claim on loan ${claim.loanId}`
      : `loan ${claim.loanId} already has claim ${other.claimId} (${other.status})`,
  );
}

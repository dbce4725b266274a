// When a bank may disburse (放款) a loan against a pledge, and on which terms. Pure: the facts
// and the existing loan are read by the caller; the answer is a decision or a refusal value.
import { outsideFactDateIssues, type BackdatingBounds } from '@ipledger/calendar';
import type { DisburseLoanRequest, FieldIssue } from '@ipledger/contracts';
import { Money } from '@ipledger/money';
import { loanToValueLimitFor, maxPrincipal, type ApplicableLimit } from './loan-to-value';
import { maturityDate } from './maturity';
import type { ApplicationFacts, PledgeFacts, RegistrationFacts, ValuationFacts } from './pledge-facts';

/** Loans run at most this long (also in the request schema); the pledge's own term is the tighter bound. */
export const MAX_TERM_MONTHS = 36;

export interface LoanTerms {
  readonly principal: Money;
  readonly loanToValueLimit: ApplicableLimit;
  readonly maxPrincipal: Money;
  readonly maturityDate: string;
  readonly application: ApplicationFacts;
  /** The registration and the valuation the loan was decided on (the loan-to-value limit used it). */
  readonly registration: RegistrationFacts;
  readonly valuation: ValuationFacts;
}

export type DisbursementRefusal =
  { readonly kind: 'not-found' } | { readonly kind: 'rule-violated'; readonly message: string; readonly currentState?: string };

export type DisbursementDecision =
  { readonly ok: true; readonly terms: LoanTerms } | { readonly ok: false; readonly refusal: DisbursementRefusal };

/**
 * Checks on the request's own fields (400): the disbursement is a fact of the bank's, dated by it,
 * but not in the future nor further back than the backdating limit. That it is not before the
 * pledge's registration and valuation is judged against the facts (decideDisbursement, 409).
 */
export function checkDisbursementRequest(request: DisburseLoanRequest, bounds: BackdatingBounds): FieldIssue[] {
  return outsideFactDateIssues('disbursedOn', request.disbursedOn, bounds);
}

export interface DisbursementInput {
  readonly request: DisburseLoanRequest;
  readonly actingBankOrgId: string;
  readonly facts: PledgeFacts | null;
  readonly existingLoan: { readonly id: string; readonly status: string } | null;
}

export function decideDisbursement({ request, actingBankOrgId, facts, existingLoan }: DisbursementInput): DisbursementDecision {
  const pledgeId = request.pledgeId;
  const application = facts?.application ?? null;
  // Another bank's pledge answers exactly like an unknown one.
  if (facts === null || application === null || application.bankOrgId !== actingBankOrgId) return refuse({ kind: 'not-found' });

  const { registration, valuation } = facts;
  const { disbursedOn } = request;
  if (registration === null) return violated(`pledge ${pledgeId} is not registered yet; a loan needs a registered pledge`, 'SUBMITTED');
  if (facts.releasedOn !== null) {
    return violated(`pledge ${pledgeId} was released (注销) on ${facts.releasedOn}; a loan needs a registered pledge`, 'RELEASED');
  }
  if (registration.registrationDate > disbursedOn) {
    return violated(`pledge ${pledgeId} was registered on ${registration.registrationDate}, after disbursedOn ${disbursedOn}`);
  }
  if (valuation === null) return violated(`pledge ${pledgeId} has not been valued yet; a loan needs a valuation`);
  if (disbursedOn < valuation.valuationDate || disbursedOn > valuation.validUntil) {
    return violated(
      `valuation ${valuation.valuationId} of pledge ${pledgeId} is valid from ${valuation.valuationDate} to ${valuation.validUntil}, not on ${disbursedOn}`,
    );
  }
  if (existingLoan !== null) {
    return violated(`pledge ${pledgeId} already secures loan ${existingLoan.id} (${existingLoan.status})`, existingLoan.status);
  }

  const principal = Money.of(request.principal);
  if (principal.gt(application.requestedLoanAmount)) {
    return violated(`principal ${principal} exceeds the requested loan amount ${application.requestedLoanAmount} of pledge ${pledgeId}`);
  }
  const limit = loanToValueLimitFor(application.ipTypes);
  const max = maxPrincipal(valuation.appraisedValue, limit.rate);
  if (principal.gt(max)) {
    return violated(
      `principal ${principal} exceeds the loan-to-value limit: ${limit.rate} (${limit.ipType}) × appraised value ` +
        `${valuation.appraisedValue} = max principal ${max}`,
    );
  }
  // The pledge was applied for (and registered) for the application's term: a longer loan
  // would outlive the collateral's registration.
  if (request.termMonths > application.termMonths) {
    return violated(`term of ${request.termMonths} months exceeds the ${application.termMonths} months pledge ${pledgeId} was applied for`);
  }
  if (request.termMonths > MAX_TERM_MONTHS) return violated(`term of ${request.termMonths} months exceeds ${MAX_TERM_MONTHS} months`);

  return {
    ok: true,
    terms: {
      principal,
      loanToValueLimit: limit,
      maxPrincipal: max,
      maturityDate: maturityDate(disbursedOn, request.termMonths),
      application,
      registration,
      valuation,
    },
  };
}

function refuse(refusal: DisbursementRefusal): DisbursementDecision {
  return { ok: false, refusal };
}

function violated(message: string, currentState?: string): DisbursementDecision {
  return refuse(currentState === undefined ? { kind: 'rule-violated', message } : { kind: 'rule-violated', message, currentState });
}

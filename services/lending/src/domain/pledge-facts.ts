// What lending knows about a pledge, learned from other services' events. The three parts arrive
// independently (the valuation on another topic than the application) and in any order, so
// each part may be missing: a decision needs all three.
import type { FirmSize, IpType } from '@ipledger/contracts';
import type { Money } from '@ipledger/money';

/**
 * The application as submitted (or resubmitted after 补正); once registered, the amount and term
 * are those of the latest registration version (变更登记).
 */
export interface ApplicationFacts {
  readonly bankOrgId: string;
  /** firmSize (大中小微) and industry (GB/T 4754 section): absent when the bank stated none. */
  readonly pledgor: { readonly uscc: string; readonly name: string; readonly firmSize?: FirmSize; readonly industry?: string };
  readonly requestedLoanAmount: Money;
  readonly termMonths: number;
  readonly districtCode: string;
  /** One per IP item, in item order. */
  readonly ipTypes: readonly IpType[];
}

export interface RegistrationFacts {
  readonly registrationNumber: string;
  readonly registrationDate: string;
}

export interface ValuationFacts {
  readonly valuationId: string;
  /** The appraiser who made the valuation; null for valuations learned before lending kept it. */
  readonly appraiserOrgId: string | null;
  readonly appraisedValue: Money;
  readonly valuationDate: string;
  readonly validUntil: string;
}

export interface PledgeFacts {
  readonly pledgeId: string;
  readonly application: ApplicationFacts | null;
  readonly registration: RegistrationFacts | null;
  readonly valuation: ValuationFacts | null;
  /** The day the pledge was released (注销) without a loan (PledgeReleased): it secures no new loan. */
  readonly releasedOn: string | null;
}

/**
 * Whether an incoming valuation replaces the one kept: the latest by valuation date wins, and
 * on the same date the later event (one pledge's valuations arrive in order on one partition).
 */
export function supersedes(incoming: Pick<ValuationFacts, 'valuationDate'>, kept: Pick<ValuationFacts, 'valuationDate'> | null): boolean {
  return kept === null || incoming.valuationDate >= kept.valuationDate;
}

/**
 * Whether a registration change (变更登记) replaces the terms kept: only a later version does, so
 * the same change delivered again, or an older one, changes nothing.
 */
export function isLaterRegistrationVersion(incoming: number, kept: number | null): boolean {
  return incoming > (kept ?? 1);
}

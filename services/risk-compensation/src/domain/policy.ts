// A compensation policy (风险补偿政策) as data. The bureau publishes a version; a claim is judged by
// the version in force when the loan was disbursed, so a published version is frozen and a change
// is a new version, never an edit. Every rule the claim path applies is read from here: no code
// anywhere branches on a scheme's name.
import type { IpType } from '@ipledger/contracts';
import { Rate } from '@ipledger/money';
import { isAfter, LocalDate } from '@ipledger/calendar';
import { checkFundedBy } from './fund-funding';
import { checkDates, checkMoney, checkOptionalCount, checkOptionalPositive, checkScope, deepFreeze, problem } from './policy-checks';

/** An amount as stored in a policy: a money string with two decimals, e.g. "10000000.00". */
export type MoneyString = string;
/** A fraction as stored in a policy: a plain decimal string, e.g. "0.54". */
export type RateString = string;

/** Those who bear a share of a covered loss. The fund is the public money (风险补偿资金池). */
export type PartyRole = 'fund' | 'bank' | 'guarantor' | 'insurer' | 'appraiser';
export const PARTY_ROLES: readonly PartyRole[] = ['fund', 'bank', 'guarantor', 'insurer', 'appraiser'];

/** The IP types a pledge may carry (IP_TYPES in @ipledger/contracts), as eligibility names them. */
export type { IpType };

export interface PartyShare {
  readonly party: PartyRole;
  readonly share: RateString;
  /** Who this is in the published text, when the role alone says less (e.g. "province 40 + city 20"). */
  readonly note?: string;
}

/**
 * What part of the bank's loss the policy covers. Interest is covered only if the policy says so,
 * and then only up to `interestLimit`: several schemes leave interest with the bank.
 */
export type CoverageBase =
  { readonly kind: 'outstanding-principal' } | { readonly kind: 'principal-plus-interest'; readonly interestLimit: MoneyString };

export interface Caps {
  /** The most of one loan's loss that is covered (the coverage limit per loan). */
  readonly perLoan?: MoneyString;
  /**
   * The most covered for one borrower in a calendar year, with the borrower's loans taking the room
   * in loan-date order (Guangzhou 2023): an earlier loan keeps its place even if it defaults later.
   */
  readonly perBorrowerPerYear?: MoneyString;
  /** The fund's budget for one year: what the fund may pay out in total that year. */
  readonly fundYearlyBudget: MoneyString;
}

export interface Eligibility {
  /** Absent: every IP type qualifies. */
  readonly ipTypes?: readonly IpType[];
  readonly maxLoanAmount?: MoneyString;
  readonly maxTermMonths?: number;
  /** 6-digit administrative division codes. Absent: every district of the scope qualifies. */
  readonly districts?: readonly string[];
  /** The borrower must have been registered at least this many years when the loan was made. */
  readonly borrowerRegisteredForYears?: number;
  /** No bad credit record in this many years before the loan. */
  readonly cleanCreditForYears?: number;
}

/**
 * 'on-default': a claim may be filed once the loan is in default (Shenzhen style).
 * 'after-disposal': only once the pledged IP is sold, for the net loss (Jieyang style).
 * The filing clock starts at that trigger event: the default, or the completed disposal.
 */
export type ClaimTrigger = 'on-default' | 'after-disposal';

/**
 * How later recoveries (disposal proceeds net of costs) are shared: back to each party in
 * proportion to what it actually bore, never more than it bore (see clawback.ts).
 */
export type RecoveryRule = 'pro-rata-to-borne';

/**
 * With mixed collateral (IP plus other security), 'ip-share-only' covers only the IP's share of
 * the loan as stated in the loan contract (Guangzhou 2023); 'whole-loan' covers it all.
 */
export type MixedCollateralRule = 'ip-share-only' | 'whole-loan';

/** A government that pays into the fund and its weight against the others (fund-funding.ts). */
export interface FundContributor {
  /** Its 6-digit division code (GB/T 2260); the level follows from it. */
  readonly payerCode: string;
  readonly name: string;
  /** A decimal above 0: its part of the fund's money in proportion to the others' weights. */
  readonly weight: string;
}

export interface PolicyScope {
  readonly city: string;
  /** The leading 2 or 4 digits of the division codes covered (Chongqing 50, Guangzhou 4401). */
  readonly cityCode?: string;
  /** A district code when the policy is a district's own; absent for a city-wide policy. */
  readonly district?: string;
}

export interface PolicyDraft {
  readonly policyId: string;
  readonly version: number;
  readonly name: string;
  /** The published document this policy follows and what it says; never invented. */
  readonly source: string;
  /** Where the policy fills a gap in its source with a default, and why. */
  readonly notes?: readonly string[];
  readonly scope: PolicyScope;
  readonly effectiveFrom: LocalDate;
  /** Exclusive; absent while the version is open-ended. */
  readonly effectiveTo?: LocalDate;
  readonly parties: readonly PartyShare[];
  readonly coverageBase: CoverageBase;
  readonly mixedCollateral: MixedCollateralRule;
  readonly caps: Caps;
  readonly eligibility: Eligibility;
  readonly trigger: ClaimTrigger;
  readonly filingDeadlineWorkingDays: number;
  readonly recoveryRule: RecoveryRule;
  /** All public payouts (the fund's part) at most this fraction of the bank's real exposure (Anhui: 0.8). */
  readonly publicShareCapOfExposure?: RateString;
  /** 四眼原则: approving a claim above this amount takes two different bureau users. */
  readonly dualControlAbove?: MoneyString;
  /** Who pays the fund's money, in what proportion; absent when the policy does not say. */
  readonly fundedBy?: readonly FundContributor[];
}

declare const published: unique symbol;
/** A validated, frozen version. Only publishPolicy makes one. */
export type PublishedPolicy = PolicyDraft & { readonly [published]: true };

export interface PolicyProblem {
  /** A path into the draft, e.g. "parties[2].share" or "caps.perLoan". */
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

export type PublishResult =
  { readonly ok: true; readonly policy: PublishedPolicy } | { readonly ok: false; readonly problems: readonly PolicyProblem[] };

export function publishPolicy(draft: PolicyDraft): PublishResult {
  const problems = validatePolicy(draft);
  if (problems.length > 0) {
    return { ok: false, problems };
  }
  return { ok: true, policy: deepFreeze(structuredClone(draft)) as PublishedPolicy };
}

/** Every problem at once, so the bureau can fix a draft in one pass. */
export function validatePolicy(draft: PolicyDraft): PolicyProblem[] {
  return [
    ...checkIdentity(draft),
    ...checkDates(draft),
    ...checkParties(draft),
    ...checkCoverageBase(draft.coverageBase),
    ...checkCaps(draft.caps),
    ...checkEligibility(draft.eligibility),
    ...checkRules(draft),
    ...checkFundedBy(draft.fundedBy),
  ];
}

/** The share of a party, or zero when the policy does not name it. */
export function shareOf(policy: PolicyDraft, party: PartyRole): Rate {
  const entry = policy.parties.find((candidate) => candidate.party === party);
  return entry === undefined ? Rate.zero() : Rate.of(entry.share);
}

/** Whether the version (of a policy or a subsidy scheme) was in force on that day (effectiveTo is exclusive). */
export function isInForce(policy: Pick<PolicyDraft, 'effectiveFrom' | 'effectiveTo'>, on: LocalDate): boolean {
  return !isAfter(policy.effectiveFrom, on) && (policy.effectiveTo === undefined || isAfter(policy.effectiveTo, on));
}

function checkIdentity(draft: PolicyDraft): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  if (draft.policyId.trim() === '') problems.push(problem('policyId', 'required', 'a policy needs an id'));
  if (!Number.isSafeInteger(draft.version) || draft.version < 1) {
    problems.push(problem('version', 'positive-integer', `version must be a positive integer, got ${draft.version}`));
  }
  if (draft.source.trim() === '') problems.push(problem('source', 'required', 'a policy must cite the document it follows'));
  problems.push(...checkScope(draft.scope));
  return problems;
}

function checkParties(draft: PolicyDraft): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const rates: Rate[] = [];
  draft.parties.forEach((entry, index) => {
    const field = `parties[${index}]`;
    if (!PARTY_ROLES.includes(entry.party)) {
      problems.push(
        problem(`${field}.party`, 'known-party', `unknown party ${JSON.stringify(entry.party)}; one of ${PARTY_ROLES.join(', ')}`),
      );
    }
    if (draft.parties.findIndex((other) => other.party === entry.party) !== index) {
      problems.push(problem(`${field}.party`, 'party-once', `${entry.party} is listed more than once`));
    }
    const rate = Rate.parse(entry.share, { field: `${field}.share` });
    if (rate.ok) {
      rates.push(rate.value);
    } else {
      problems.push(problem(`${field}.share`, 'share-rate', rate.error.message));
    }
  });
  if (!draft.parties.some((entry) => entry.party === 'fund')) {
    problems.push(problem('parties', 'fund-required', 'a compensation policy names the fund and its share'));
  }
  // Only meaningful once every share parsed; otherwise the sum would hide the real problem.
  if (rates.length === draft.parties.length && !Rate.sum(rates).eq(Rate.one())) {
    problems.push(problem('parties', 'shares-sum-to-one', `the shares must sum to exactly 1, they sum to ${Rate.sum(rates).toString()}`));
  }
  return problems;
}

function checkCoverageBase(base: CoverageBase): PolicyProblem[] {
  return base.kind === 'principal-plus-interest' ? checkMoney('coverageBase.interestLimit', base.interestLimit, false) : [];
}

function checkCaps(caps: Caps): PolicyProblem[] {
  return [
    ...checkOptionalPositive('caps.perLoan', caps.perLoan),
    ...checkOptionalPositive('caps.perBorrowerPerYear', caps.perBorrowerPerYear),
    ...checkMoney('caps.fundYearlyBudget', caps.fundYearlyBudget, true),
  ];
}

function checkEligibility(eligibility: Eligibility): PolicyProblem[] {
  const problems = [...checkOptionalPositive('eligibility.maxLoanAmount', eligibility.maxLoanAmount)];
  if (eligibility.ipTypes !== undefined && eligibility.ipTypes.length === 0) {
    problems.push(
      problem('eligibility.ipTypes', 'not-empty', 'an empty IP type list would cover nothing; leave it out to cover every type'),
    );
  }
  if (eligibility.districts !== undefined) {
    if (eligibility.districts.length === 0) {
      problems.push(
        problem('eligibility.districts', 'not-empty', 'an empty district list would cover nothing; leave it out to cover every district'),
      );
    }
    eligibility.districts.forEach((code, index) => {
      if (!/^\d{6}$/.test(code)) {
        problems.push(
          problem(`eligibility.districts[${index}]`, 'division-code', `a district is a 6-digit division code, got ${JSON.stringify(code)}`),
        );
      }
    });
  }
  problems.push(
    ...checkOptionalCount('eligibility.maxTermMonths', eligibility.maxTermMonths, 1),
    ...checkOptionalCount('eligibility.borrowerRegisteredForYears', eligibility.borrowerRegisteredForYears, 0),
    ...checkOptionalCount('eligibility.cleanCreditForYears', eligibility.cleanCreditForYears, 0),
  );
  return problems;
}

function checkRules(draft: PolicyDraft): PolicyProblem[] {
  const problems = checkOptionalCount('filingDeadlineWorkingDays', draft.filingDeadlineWorkingDays, 1);
  if (draft.dualControlAbove !== undefined) problems.push(...checkMoney('dualControlAbove', draft.dualControlAbove, true));
  if (draft.trigger !== 'on-default' && draft.trigger !== 'after-disposal') {
    problems.push(
      problem('trigger', 'known-trigger', `trigger must be "on-default" or "after-disposal", got ${JSON.stringify(draft.trigger)}`),
    );
  }
  if (draft.recoveryRule !== 'pro-rata-to-borne') {
    problems.push(
      problem('recoveryRule', 'known-recovery-rule', `recoveryRule must be "pro-rata-to-borne", got ${JSON.stringify(draft.recoveryRule)}`),
    );
  }
  if (draft.mixedCollateral !== 'ip-share-only' && draft.mixedCollateral !== 'whole-loan') {
    problems.push(
      problem(
        'mixedCollateral',
        'known-rule',
        `mixedCollateral must be "ip-share-only" or "whole-loan", got ${JSON.stringify(draft.mixedCollateral)}`,
      ),
    );
  }
  if (draft.publicShareCapOfExposure !== undefined) {
    const rate = Rate.parse(draft.publicShareCapOfExposure, { field: 'publicShareCapOfExposure' });
    if (!rate.ok) {
      problems.push(problem('publicShareCapOfExposure', 'rate', rate.error.message));
    } else if (rate.value.isZero()) {
      problems.push(problem('publicShareCapOfExposure', 'positive', 'a cap of 0 would forbid every public payout'));
    }
    // The part the cap takes off the fund stays with the bank, so the bank must be a party.
    if (!draft.parties.some((entry) => entry.party === 'bank')) {
      problems.push(
        problem(
          'publicShareCapOfExposure',
          'bank-required',
          'a public-share cap needs the bank as a party to keep what the fund may not pay',
        ),
      );
    }
  }
  return problems;
}

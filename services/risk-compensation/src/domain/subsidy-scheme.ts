// A subsidy scheme (扶持政策: 贴息, 评估费/担保费/保险费补贴) as data, the other half of a city's
// policy beside risk compensation: it lowers what a firm pays for an IP-pledge loan. Like a
// compensation policy it is versioned, effective-dated and scoped; a published version is frozen
// and a change is a new version. An application is judged by the version in force on the last day
// of the period it claims for (subsidy-eligibility.ts) and paid by subsidy-computation.ts.
//
// What each kind can be a share of, as real schemes word it (docs/subsidies.md):
//   share-of-paid       a share of what was actually paid: 50 % of the interest (Beijing), 40 %
//                       (Zhongguancun), a fee subsidy of what the appraiser, guarantor or insurer charged;
//   share-of-reference  a rate that is a share of the one-year LPR, on the principal outstanding
//                       each day of the period (Qingdao: 60 % of the LPR; Beibei: 50 %), never
//                       more than the interest actually paid; the LPR of the day the interest was
//                       due, or of the month before the loan contract (reference-day.ts);
//   share-of-loan       a rate on the loan's principal (a fee subsidy of up to 0.5 % of the loan),
//                       never more than the fee actually paid.
import { Rate } from '@ipledger/money';
import type { LocalDate } from '@ipledger/calendar';
import type { IpType, MoneyString, PolicyProblem, PolicyScope, RateString } from './policy';
import { checkDates, checkMoney, checkOptionalPositive, checkScope, deepFreeze, problem } from './policy-checks';

export const SUBSIDY_KINDS = ['interest', 'evaluation-fee', 'guarantee-fee', 'insurance-premium'] as const;
export type SubsidyKind = (typeof SUBSIDY_KINDS)[number];

export const SUBSIDY_KIND_NAMES: Readonly<Record<SubsidyKind, string>> = {
  interest: '贴息',
  'evaluation-fee': '评估费补贴',
  'guarantee-fee': '担保费补贴',
  'insurance-premium': '保险费补贴',
};

export type SubsidyBasis =
  | { readonly basis: 'share-of-paid'; readonly share: RateString }
  | {
      readonly basis: 'share-of-reference';
      readonly share: RateString;
      readonly reference: 'LPR-1Y';
      /** Which day's LPR (reference-day.ts); cost-day when absent. */
      readonly referenceOn?: ReferenceDay;
    }
  | { readonly basis: 'share-of-loan'; readonly rate: RateString };

/** The day whose LPR a share-of-reference rule takes: the cost's, or the month before the loan contract's. */
export const REFERENCE_DAYS = ['cost-day', 'month-before-contract'] as const;
export type ReferenceDay = (typeof REFERENCE_DAYS)[number];

export interface SubsidyRule {
  readonly kind: SubsidyKind;
  readonly rate: SubsidyBasis;
  /** The most one loan receives of this kind over its life. */
  readonly perLoan?: MoneyString;
  /** The most one firm receives of this kind in a calendar year (Qingdao: 50万; Beijing: 30万). */
  readonly perFirmPerYear?: MoneyString;
}

/** 大中小微 by the national classification (中小企业划型标准规定). */
export const FIRM_SIZES = ['large', 'medium', 'small', 'micro'] as const;
export type FirmSize = (typeof FIRM_SIZES)[number];

export const FIRM_SIZE_NAMES: Readonly<Record<FirmSize, string>> = { large: '大型', medium: '中型', small: '小型', micro: '微型' };

export interface SubsidyEligibility {
  /** Absent: every size. Most schemes: small and micro (and medium) firms. */
  readonly firmSizes?: readonly FirmSize[];
  /** GB/T 4754-2017 section letters (A–T); absent: every industry. */
  readonly industries?: readonly string[];
  readonly ipTypes?: readonly IpType[];
  /** Loan purposes as the loan records them (e.g. "working-capital"); absent: every purpose. */
  readonly loanPurposes?: readonly string[];
  /** Only loans repaid on time (no day past due in the period claimed for). */
  readonly onTimeRepaymentOnly?: boolean;
  /** The contract rate at most this multiple of the one-year LPR (Zhongguancun: 1.4). */
  readonly maxRateOverLpr?: RateString;
}

export interface SubsidySchemeDraft {
  readonly schemeId: string;
  readonly version: number;
  readonly name: string;
  /** The published document this scheme follows; never invented. */
  readonly source: string;
  readonly notes?: readonly string[];
  readonly scope: PolicyScope;
  readonly effectiveFrom: LocalDate;
  /** Exclusive; absent while open-ended. */
  readonly effectiveTo?: LocalDate;
  /** At most one rule per kind. */
  readonly rules: readonly SubsidyRule[];
  readonly eligibility: SubsidyEligibility;
  /** What the scheme may pay in a calendar year, all kinds together. */
  readonly yearlyBudget: MoneyString;
  /** 四眼原则: approving an application above this amount takes two different bureau users. */
  readonly dualControlAbove?: MoneyString;
}

declare const publishedScheme: unique symbol;
/** A validated, frozen version. Only publishSubsidyScheme makes one. */
export type PublishedSubsidyScheme = SubsidySchemeDraft & { readonly [publishedScheme]: true };

export type SchemePublishResult =
  { readonly ok: true; readonly scheme: PublishedSubsidyScheme } | { readonly ok: false; readonly problems: readonly PolicyProblem[] };

export function publishSubsidyScheme(draft: SubsidySchemeDraft): SchemePublishResult {
  const problems = validateSubsidyScheme(draft);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, scheme: deepFreeze(structuredClone(draft)) as PublishedSubsidyScheme };
}

/** Every problem at once, each named by field and rule. */
export function validateSubsidyScheme(draft: SubsidySchemeDraft): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  if (draft.schemeId.trim() === '') problems.push(problem('schemeId', 'required', 'a scheme needs an id'));
  if (!Number.isSafeInteger(draft.version) || draft.version < 1) {
    problems.push(problem('version', 'positive-integer', `version must be a positive integer, got ${draft.version}`));
  }
  if (draft.source.trim() === '') problems.push(problem('source', 'required', 'a scheme must cite the document it follows'));
  problems.push(...checkScope(draft.scope), ...checkDates(draft), ...checkRules(draft.rules), ...checkEligibility(draft.eligibility));
  problems.push(...checkMoney('yearlyBudget', draft.yearlyBudget, true));
  if (draft.dualControlAbove !== undefined) problems.push(...checkMoney('dualControlAbove', draft.dualControlAbove, true));
  return problems;
}

/** The rule of a kind, if the scheme subsidises it. */
export function ruleFor(scheme: SubsidySchemeDraft, kind: SubsidyKind): SubsidyRule | undefined {
  return scheme.rules.find((rule) => rule.kind === kind);
}

function checkRules(rules: readonly SubsidyRule[]): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  if (rules.length === 0) problems.push(problem('rules', 'not-empty', 'a scheme subsidises at least one kind of cost'));
  rules.forEach((rule, index) => {
    const field = `rules[${index}]`;
    if (!SUBSIDY_KINDS.includes(rule.kind)) {
      problems.push(
        problem(`${field}.kind`, 'known-kind', `unknown kind ${JSON.stringify(rule.kind)}; one of ${SUBSIDY_KINDS.join(', ')}`),
      );
    }
    if (rules.findIndex((other) => other.kind === rule.kind) !== index) {
      problems.push(problem(`${field}.kind`, 'kind-once', `${rule.kind} has more than one rule`));
    }
    problems.push(...checkBasis(`${field}.rate`, rule));
    problems.push(
      ...checkOptionalPositive(`${field}.perLoan`, rule.perLoan),
      ...checkOptionalPositive(`${field}.perFirmPerYear`, rule.perFirmPerYear),
    );
  });
  return problems;
}

function checkBasis(field: string, rule: SubsidyRule): PolicyProblem[] {
  const { rate } = rule;
  switch (rate.basis) {
    case 'share-of-paid':
      return checkFraction(`${field}.share`, rate.share);
    case 'share-of-reference':
      if (rule.kind !== 'interest') {
        return [problem(`${field}.basis`, 'reference-for-interest', 'only interest is subsidised as a share of a reference rate')];
      }
      return [
        ...checkFraction(`${field}.share`, rate.share),
        ...(rate.reference === 'LPR-1Y' ? [] : [problem(`${field}.reference`, 'known-reference', 'the reference rate is "LPR-1Y"')]),
        ...(rate.referenceOn === undefined || REFERENCE_DAYS.includes(rate.referenceOn)
          ? []
          : [problem(`${field}.referenceOn`, 'known-reference-day', `referenceOn must be one of ${REFERENCE_DAYS.join(', ')}`)]),
      ];
    case 'share-of-loan':
      return checkFraction(`${field}.rate`, rate.rate);
    default:
      return [problem(`${field}.basis`, 'known-basis', 'basis must be "share-of-paid", "share-of-reference" or "share-of-loan"')];
  }
}

function checkFraction(field: string, value: RateString): PolicyProblem[] {
  const parsed = Rate.parse(value, { field });
  if (!parsed.ok) return [problem(field, 'rate', parsed.error.message)];
  return parsed.value.isZero() ? [problem(field, 'positive', `${field} of 0 would subsidise nothing`)] : [];
}

function checkEligibility(eligibility: SubsidyEligibility): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const lists = [
    ['eligibility.firmSizes', eligibility.firmSizes],
    ['eligibility.industries', eligibility.industries],
    ['eligibility.ipTypes', eligibility.ipTypes],
    ['eligibility.loanPurposes', eligibility.loanPurposes],
  ] as const;
  for (const [field, list] of lists) {
    if (list !== undefined && list.length === 0) {
      problems.push(problem(field, 'not-empty', `an empty ${field} list would admit nothing; leave it out to admit all`));
    }
  }
  eligibility.firmSizes?.forEach((size, index) => {
    if (!FIRM_SIZES.includes(size))
      problems.push(problem(`eligibility.firmSizes[${index}]`, 'known-size', `one of ${FIRM_SIZES.join(', ')}`));
  });
  eligibility.industries?.forEach((section, index) => {
    if (!/^[A-T]$/.test(section)) {
      problems.push(
        problem(`eligibility.industries[${index}]`, 'gb-t-4754-section', `a GB/T 4754 section letter A–T, got ${JSON.stringify(section)}`),
      );
    }
  });
  if (eligibility.maxRateOverLpr !== undefined) {
    const parsed = Rate.parse(eligibility.maxRateOverLpr, { field: 'eligibility.maxRateOverLpr', max: '10' });
    if (!parsed.ok) problems.push(problem('eligibility.maxRateOverLpr', 'rate', parsed.error.message));
    else if (parsed.value.isZero()) problems.push(problem('eligibility.maxRateOverLpr', 'positive', 'a multiple of 0 would admit no loan'));
  }
  return problems;
}

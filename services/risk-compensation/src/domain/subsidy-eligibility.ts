// Whether an application for a subsidy may be paid at all, judged by the scheme version in force on
// the day the cost was incurred (the last day of the interest period claimed for, or the day a fee
// was paid). Every rule is evaluated, so the bank sees at once all that keeps its borrower out, each
// by a stable code with a Chinese message.
import type { LocalDate } from '@ipledger/calendar';
import { Dec, type Money, type Rate } from '@ipledger/money';
import { isInForce, type IpType } from './policy';
import {
  FIRM_SIZE_NAMES,
  ruleFor,
  SUBSIDY_KIND_NAMES,
  type FirmSize,
  type PublishedSubsidyScheme,
  type SubsidyKind,
} from './subsidy-scheme';

export interface SubsidyApplicationFacts {
  readonly kind: SubsidyKind;
  /** The day the cost was incurred: the last day of the interest period, or the day the fee was paid. */
  readonly costIncurredOn: LocalDate;
  readonly amountPaid: Money;
  readonly loan: {
    readonly annualInterestRate: Rate;
    /** 6-digit division code of the borrower. */
    readonly districtCode: string;
    readonly ipTypes: readonly IpType[];
    readonly purpose?: string;
  };
  readonly firm: {
    readonly size?: FirmSize;
    /** GB/T 4754 section letter. */
    readonly industry?: string;
  };
  /** The most days past due the loan reached in the period claimed for (loan servicing). */
  readonly maxDaysPastDueInPeriod: number;
  /** The one-year LPR in force on costIncurredOn. */
  readonly lpr: Rate;
}

export type SubsidyRuleCode =
  | 'not-eligible:scheme-not-in-force'
  | 'not-eligible:scope'
  | 'not-eligible:kind'
  | 'not-eligible:nothing-paid'
  | 'not-eligible:firm-size'
  | 'not-eligible:industry'
  | 'not-eligible:ip-type'
  | 'not-eligible:loan-purpose'
  | 'not-eligible:late-repayment'
  | 'not-eligible:rate-above-lpr-multiple';

export interface SubsidyRuleOutcome {
  readonly rule: SubsidyRuleCode;
  readonly passed: boolean;
  readonly message: string;
}

export type SubsidyCheck =
  | { readonly ok: true; readonly outcomes: readonly SubsidyRuleOutcome[] }
  | { readonly ok: false; readonly outcomes: readonly SubsidyRuleOutcome[]; readonly refusals: readonly SubsidyRuleOutcome[] };

export function checkSubsidyApplication(scheme: PublishedSubsidyScheme, facts: SubsidyApplicationFacts): SubsidyCheck {
  const outcomes = [...schemeOutcomes(scheme, facts), ...borrowerOutcomes(scheme, facts), ...loanOutcomes(scheme, facts)];
  const refusals = outcomes.filter((each) => !each.passed);
  return refusals.length === 0 ? { ok: true, outcomes } : { ok: false, outcomes, refusals };
}

function outcome(rule: SubsidyRuleCode, passed: boolean, message: string): SubsidyRuleOutcome {
  return { rule, passed, message };
}

function schemeOutcomes(scheme: PublishedSubsidyScheme, facts: SubsidyApplicationFacts): SubsidyRuleOutcome[] {
  const name = SUBSIDY_KIND_NAMES[facts.kind];
  const until = scheme.effectiveTo === undefined ? '起' : `起至 ${scheme.effectiveTo}（不含）`;
  const outcomes = [
    outcome(
      'not-eligible:scheme-not-in-force',
      isInForce(scheme, facts.costIncurredOn),
      `费用发生于 ${facts.costIncurredOn}；${scheme.name} 第 ${scheme.version} 版自 ${scheme.effectiveFrom} ${until}有效`,
    ),
    outcome(
      'not-eligible:kind',
      ruleFor(scheme, facts.kind) !== undefined,
      `${scheme.name} ${ruleFor(scheme, facts.kind) === undefined ? '不' : ''}补贴${name}`,
    ),
    outcome('not-eligible:nothing-paid', facts.amountPaid.isPositive(), `实际支付 ${facts.amountPaid.toString()} 元`),
  ];
  const prefix = scheme.scope.district ?? scheme.scope.cityCode;
  if (prefix !== undefined) {
    outcomes.push(
      outcome(
        'not-eligible:scope',
        facts.loan.districtCode.startsWith(prefix),
        `政策适用区划 ${prefix}…，借款企业所在区划 ${facts.loan.districtCode}`,
      ),
    );
  }
  return outcomes;
}

function borrowerOutcomes(scheme: PublishedSubsidyScheme, facts: SubsidyApplicationFacts): SubsidyRuleOutcome[] {
  const { firmSizes, industries } = scheme.eligibility;
  const outcomes: SubsidyRuleOutcome[] = [];
  if (firmSizes !== undefined) {
    const size = facts.firm.size;
    outcomes.push(
      outcome(
        'not-eligible:firm-size',
        size !== undefined && firmSizes.includes(size),
        size === undefined
          ? `政策限于${sizeNames(firmSizes)}企业；未登记企业规模`
          : `政策限于${sizeNames(firmSizes)}企业；本企业为${FIRM_SIZE_NAMES[size]}企业`,
      ),
    );
  }
  if (industries !== undefined) {
    const industry = facts.firm.industry;
    outcomes.push(
      outcome(
        'not-eligible:industry',
        industry !== undefined && industries.includes(industry),
        industry === undefined
          ? `政策限于行业门类 ${industries.join('、')}；未登记所属行业`
          : `政策限于行业门类 ${industries.join('、')}；企业所属门类 ${industry}`,
      ),
    );
  }
  return outcomes;
}

function sizeNames(sizes: readonly FirmSize[]): string {
  return sizes.map((size) => FIRM_SIZE_NAMES[size]).join('、');
}

function loanOutcomes(scheme: PublishedSubsidyScheme, facts: SubsidyApplicationFacts): SubsidyRuleOutcome[] {
  const { ipTypes, loanPurposes, onTimeRepaymentOnly, maxRateOverLpr } = scheme.eligibility;
  const outcomes: SubsidyRuleOutcome[] = [];
  if (ipTypes !== undefined) {
    const outside = facts.loan.ipTypes.filter((type) => !ipTypes.includes(type));
    outcomes.push(
      outcome(
        'not-eligible:ip-type',
        outside.length === 0,
        outside.length === 0 ? '质押物类型均在政策范围内' : `质押物类型 ${outside.join('、')} 不在政策范围内`,
      ),
    );
  }
  if (loanPurposes !== undefined) {
    const purpose = facts.loan.purpose;
    outcomes.push(
      outcome(
        'not-eligible:loan-purpose',
        purpose !== undefined && loanPurposes.includes(purpose),
        `政策限于贷款用途 ${loanPurposes.join('、')}；本笔贷款用途 ${purpose ?? '未登记'}`,
      ),
    );
  }
  if (onTimeRepaymentOnly === true) {
    outcomes.push(
      outcome(
        'not-eligible:late-repayment',
        facts.maxDaysPastDueInPeriod === 0,
        facts.maxDaysPastDueInPeriod === 0 ? '申请期间按期还款' : `政策限于按期还款；申请期间最长逾期 ${facts.maxDaysPastDueInPeriod} 天`,
      ),
    );
  }
  if (maxRateOverLpr !== undefined) {
    const ceiling = new Dec(facts.lpr.toString()).times(maxRateOverLpr);
    const rate = new Dec(facts.loan.annualInterestRate.toString());
    outcomes.push(
      outcome(
        'not-eligible:rate-above-lpr-multiple',
        rate.lte(ceiling),
        `合同年利率 ${facts.loan.annualInterestRate.toString()}，上限为一年期 LPR ${facts.lpr.toString()} 的 ${maxRateOverLpr} 倍，即 ${ceiling.toFixed()}`,
      ),
    );
  }
  return outcomes;
}

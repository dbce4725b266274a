// The seed workload as data: every pledge, valuation, loan, repayment, default, claim, disposal,
// deal and reversal, with its dates and amounts, decided by a seeded PRNG before anything is sent.
// The same (seed, years, scale, today) always gives the same plan.
import type { DealKind, IpType, RepaymentMethod } from '@ipledger/contracts';
import { computePatentCheckDigit, computeUsccCheckCharacter, USCC_ALPHABET } from '@ipledger/identifiers';
import { Money } from '@ipledger/money';
import { createRandom, type Random } from '../prng';
import { addDays, daysBetween, minDate } from './dates';

export interface SeedOptions {
  seed: number;
  years: number;
  scale: number;
  /** Today (YYYY-MM-DD, China): nothing is dated after it. */
  today: string;
}

export interface Party {
  uscc: string;
  name: string;
}

export interface PlannedIpItem {
  ipType: IpType;
  number: string;
  title?: string;
}

export interface PlannedRepayment {
  principalAmount: string;
  interestAmount: string;
  repaidOn: string;
}

/**
 * A default the bank reports on the day the seed runs: the loan is called in (a default is not
 * checked against the schedule), never reported overdue first, as loans disbursed today have
 * nothing overdue by their schedule (docs/servicing.md).
 */
export interface PlannedDefault {
  defaultedOn: string;
  accruedInterest: string;
  /** The claim, filed, prepared, approved and paid on the day the seed runs (the server dates each). */
  claim: PlannedClaim;
}

export interface PlannedClaim {
  paymentReference: string;
  /** The pledged IP auctioned today, after the payout. */
  disposal?: { method: 'auction'; grossProceeds: string; costs: string; disposedOn: string };
}

/**
 * An evaluation-fee subsidy (评估费补贴) the bank applies for on the day of the loan: applied for,
 * prepared, approved and paid today (the server dates each) under the seed's demo scheme.
 */
export interface PlannedSubsidy {
  kind: 'evaluation-fee';
  /** The appraiser's fee the borrower paid: 0.8 % of the loan. */
  amountPaid: string;
  feePaidOn: string;
  firmSize: 'medium' | 'small' | 'micro';
  industry: string;
  paymentReference: string;
}

export interface PlannedLoan {
  index: number;
  year: number;
  bankUser: BankUser;
  pledgor: Party;
  ipItems: PlannedIpItem[];
  districtCode: string;
  termMonths: number;
  /** How the loan is repaid; by the loan's index, so that the demo shows every method (docs/servicing.md). */
  repaymentMethod: RepaymentMethod;
  principal: string;
  appraisedValue: string;
  annualInterestRate: string;
  valuationDate: string;
  validUntil: string;
  registrationNumber: string;
  disbursedOn: string;
  repayments: PlannedRepayment[];
  default?: PlannedDefault;
  subsidy?: PlannedSubsidy;
}

export interface PlannedDeal {
  index: number;
  year: number;
  kind: DealKind;
  ipItems: { ipType: IpType; number: string }[];
  from: Party;
  to: Party;
  amount: string;
  contractDate: string;
  districtCode: string;
  industry: string;
  reversal?: { reason: string; reversedOn: string };
}

export interface SeedPlan {
  years: number[];
  loans: PlannedLoan[];
  deals: PlannedDeal[];
}

export const BANK_USERS = { 'li.wei': 'bank-cq-rural', 'zhao.min': 'bank-cq-city' } as const;
export type BankUser = keyof typeof BANK_USERS;

// Chongqing districts, weighted by how much IP finance they see.
const DISTRICTS: readonly (readonly [string, number])[] = [
  ['500112', 14], // 渝北区
  ['500106', 10], // 沙坪坝区
  ['500107', 9], // 九龙坡区
  ['500108', 8], // 南岸区
  ['500105', 8], // 江北区
  ['500103', 6], // 渝中区
  ['500109', 5], // 北碚区
  ['500113', 5], // 巴南区
  ['500104', 3], // 大渡口区
  ['500101', 3], // 万州区
  ['500102', 3], // 涪陵区
  ['500110', 2], // 綦江区
  ['500151', 2], // 铜梁区
  ['500118', 2], // 永川区
];

// GB/T 4754 sections: manufacturing, IT, research, wholesale, agriculture, construction, culture.
const INDUSTRIES: readonly (readonly [string, number])[] = [
  ['C', 40],
  ['I', 20],
  ['M', 15],
  ['F', 6],
  ['A', 5],
  ['E', 5],
  ['R', 5],
  ['L', 4],
];

const PLEDGE_IP_TYPES: readonly (readonly [IpType, number])[] = [
  ['invention-patent', 45],
  ['utility-model', 25],
  ['trademark', 20],
  ['design-patent', 10],
];

/** The lending service's loan-to-value limits, in percent (services/lending/src/domain/loan-to-value.ts). */
/** IP-pledge loans are most often interest-only (先息后本) or level (等额本息); every method appears. */
const DEMO_REPAYMENT_METHODS: readonly RepaymentMethod[] = [
  'interest-only',
  'equal-instalment',
  'interest-only',
  'equal-principal',
  'bullet',
];

const LTV_PERCENT: Record<IpType, number> = {
  'invention-patent': 25,
  'utility-model': 15,
  'design-patent': 15,
  trademark: 50,
  copyright: 30,
  'software-copyright': 30,
  'plant-variety': 30,
  'geographical-indication': 30,
  'layout-design': 15,
};

const PATENT_TYPE_DIGIT: Partial<Record<IpType, string>> = { 'invention-patent': '1', 'utility-model': '2', 'design-patent': '3' };

const NAME_STEMS = [
  '长江',
  '嘉陵',
  '山城',
  '两江',
  '渝新',
  '科苑',
  '金凤',
  '巴渝',
  '雾都',
  '缙云',
  '明月',
  '华岩',
  '龙兴',
  '西永',
  '礼嘉',
  '水土',
  '鱼嘴',
  '茶园',
];
const NAME_TRADES = [
  '智能装备',
  '新材料',
  '生物科技',
  '电子信息',
  '汽车零部件',
  '软件',
  '光电',
  '精密机械',
  '医疗器械',
  '新能源',
  '环保科技',
  '食品',
];
const TITLES = [
  '一种高效散热结构',
  '一种自动化检测装置',
  '一种复合材料制备方法',
  '一种数据处理方法',
  '一种节能控制系统',
  '一种精密加工工艺',
  '一种柔性连接组件',
];

const DEAL_KINDS: readonly DealKind[] = ['licensing', 'transfer', 'capital-contribution'];

const ADMIN_REASONS = ['合同登记信息有误，撤销后重新备案', '当事人申请撤回备案', '重复登记，予以冲销'];

export function yearsOf(options: Pick<SeedOptions, 'years' | 'today'>): number[] {
  const currentYear = Number(options.today.slice(0, 4));
  // The current year counts once it has a couple of months of business to spread dates over.
  const lastYear = options.today >= `${currentYear}-03-01` ? currentYear : currentYear - 1;
  return Array.from({ length: options.years }, (_, index) => lastYear - options.years + 1 + index);
}

export function planSeed(options: SeedOptions): SeedPlan {
  const random = createRandom(options.seed);
  const dealYears = yearsOf(options);
  const currentYear = Number(options.today.slice(0, 4));
  const serialBase = random.int(0, 9_000_000);
  const loans: PlannedLoan[] = [];
  const deals: PlannedDeal[] = [];
  const names = nameGenerator(random);

  // Pledge loans start with the register: the bureau's registration is dated by the server and no
  // loan is disbursed before it, so every planned loan is registered, valued and disbursed today
  // (as many as the years would have had). Earlier years are seeded with deals, outside facts that
  // keep their contract dates.
  const loanCount = random.int(
    Math.max(1, Math.round(8 * options.scale * dealYears.length)),
    Math.max(1, Math.round(12 * options.scale * dealYears.length)),
  );
  let defaults = 0;
  for (let i = 0; i < loanCount; i++) {
    const loan = planLoan(random, { index: loans.length, year: currentYear, today: options.today, serialBase, names });
    // At least two defaults: the second half of the loans are forced until two have defaulted.
    const forceDefault = defaults < 2 && i >= Math.floor(loanCount / 2);
    const planned = withSubsidy(withHistory(random, loan, options.today, forceDefault), options.today);
    if (planned.default !== undefined) defaults++;
    loans.push(planned);
  }
  for (const year of dealYears) {
    for (const kind of DEAL_KINDS) {
      const dealCount = random.int(Math.max(1, Math.round(4 * options.scale)), Math.max(1, Math.round(6 * options.scale)));
      for (let i = 0; i < dealCount; i++) {
        deals.push(planDeal(random, { index: deals.length, year, kind, today: options.today, serialBase, names }));
      }
    }
  }
  // At least one reversal, so that the statistics have to leave one out.
  if (deals.length > 0 && !deals.some((deal) => deal.reversal !== undefined)) {
    const deal = deals[0];
    deal.reversal = { reason: ADMIN_REASONS[0], reversedOn: minDate(addDays(deal.contractDate, 10), options.today) };
  }
  const years = [...new Set([...dealYears, currentYear])].sort((a, b) => a - b);
  return { years, loans, deals };
}

interface LoanContext {
  index: number;
  year: number;
  today: string;
  serialBase: number;
  names: () => string;
}

function planLoan(random: Random, context: LoanContext): PlannedLoan {
  const districtCode = random.weighted(DISTRICTS);
  const ipType = random.weighted(PLEDGE_IP_TYPES);
  const itemCount = random.weighted([
    [1, 6],
    [2, 3],
    [3, 1],
  ] as const);
  const ipItems = Array.from({ length: itemCount }, (_, item) =>
    ipItem(random, ipType, context.year, context.serialBase + context.index * 10 + item),
  );
  const disbursedOn = context.today;
  const principalFen = longTailFen(random, 500_000, 1.16, 80_000_000, 10_000);
  const factorPercent = BigInt(random.int(105, 180));
  const ltv = BigInt(LTV_PERCENT[ipType]);
  // appraised × ltv ≥ principal × factor: always within the limit.
  const appraisedFen = ceilDiv(principalFen * factorPercent, ltv);
  const valuationDate = context.today;
  return {
    index: context.index,
    year: context.year,
    bankUser: random.chance(0.6) ? 'li.wei' : 'zhao.min',
    pledgor: { uscc: uscc(random, districtCode), name: context.names() },
    ipItems,
    districtCode,
    termMonths: random.weighted([
      [12, 6],
      [24, 2],
      [36, 1],
      [6, 1],
    ] as const),
    repaymentMethod: DEMO_REPAYMENT_METHODS[context.index % DEMO_REPAYMENT_METHODS.length] ?? 'bullet',
    principal: Money.fromFen(principalFen).toString(),
    appraisedValue: Money.fromFen(appraisedFen).toString(),
    annualInterestRate: `0.0${random.int(300, 520)}`,
    valuationDate,
    validUntil: addDays(valuationDate, 364),
    registrationNumber: `Y${context.today.slice(0, 4)}500${String(context.serialBase + context.index)
      .padStart(7, '0')
      .slice(-7)}`,
    disbursedOn,
    repayments: [],
  };
}

const SUBSIDY_FIRM_SIZES = ['small', 'micro', 'medium'] as const;

/**
 * Every third performing loan gets an evaluation-fee subsidy. Derived from the loan alone (no draw
 * from the PRNG), so adding it changed no other figure of a plan.
 */
function withSubsidy(loan: PlannedLoan, today: string): PlannedLoan {
  if (loan.default !== undefined || loan.index % 3 !== 1) return loan;
  return {
    ...loan,
    subsidy: {
      kind: 'evaluation-fee',
      amountPaid: Money.of(loan.principal).times('0.008').toString(),
      feePaidOn: today,
      firmSize: SUBSIDY_FIRM_SIZES[loan.index % SUBSIDY_FIRM_SIZES.length] ?? 'small',
      industry: INDUSTRIES[loan.index % INDUSTRIES.length]?.[0] ?? 'C',
      paymentReference: `CQBT-${today.slice(0, 4)}-${String(loan.index + 1).padStart(4, '0')}`,
    },
  };
}

function withHistory(random: Random, loan: PlannedLoan, today: string, forceDefault: boolean): PlannedLoan {
  const principalFen = Money.of(loan.principal).toFen();
  const rateBp = BigInt(loan.annualInterestRate.slice(2)); // "0.0435" → 435 (basis points)
  const interest = (fen: bigint, days: number) => Money.fromFen((fen * rateBp * BigInt(days)) / 3_600_000n).toString();

  // A default, reported today like everything else: defaulted, claimed (inside the filing window
  // by construction), prepared, approved and paid, and most pledges auctioned.
  if (forceDefault || random.chance(0.05)) {
    const grossFen = (principalFen * BigInt(random.int(20, 70))) / 100n;
    const costsFen = (grossFen * BigInt(random.int(2, 6))) / 100n;
    return {
      ...loan,
      repayments: [],
      default: {
        defaultedOn: today,
        accruedInterest: interest(principalFen, 1),
        claim: {
          paymentReference: `CQKJ-${today.slice(0, 4)}-${String(loan.index + 1).padStart(4, '0')}`,
          ...(random.chance(0.6) || forceDefault
            ? {
                disposal: {
                  method: 'auction' as const,
                  grossProceeds: Money.fromFen(grossFen).toString(),
                  costs: Money.fromFen(costsFen).toString(),
                  disposedOn: today,
                },
              }
            : {}),
        },
      },
    };
  }

  // A performing loan: half of them repay a first part of the principal today.
  if (!random.chance(0.5)) return { ...loan, repayments: [] };
  const part = (principalFen * BigInt(random.int(5, 25))) / 100n;
  return {
    ...loan,
    repayments: [{ principalAmount: Money.fromFen(part).toString(), interestAmount: interest(principalFen, 1), repaidOn: today }],
  };
}

interface DealContext {
  index: number;
  year: number;
  kind: DealKind;
  today: string;
  serialBase: number;
  names: () => string;
}

function planDeal(random: Random, context: DealContext): PlannedDeal {
  const first = `${context.year}-01-02`;
  const last = minDate(`${context.year}-12-28`, context.today);
  const contractDate = addDays(first, random.int(0, Math.max(0, daysBetween(first, last))));
  const districtCode = random.weighted(DISTRICTS);
  const ipType = random.weighted(PLEDGE_IP_TYPES);
  const count = random.weighted([
    [1, 7],
    [2, 2],
    [5, 1],
  ] as const);
  const minimum = context.kind === 'licensing' ? 20_000 : 100_000;
  const amountFen = longTailFen(random, minimum, 1.2, 300_000_000, 1);
  const reversed = random.chance(0.08);
  return {
    index: context.index,
    year: context.year,
    kind: context.kind,
    ipItems: Array.from({ length: count }, (_, item) => {
      const { ipType: type, number } = ipItem(random, ipType, context.year, context.serialBase + 5_000_000 + context.index * 10 + item);
      return { ipType: type, number };
    }),
    from: { uscc: uscc(random, districtCode), name: context.names() },
    to: { uscc: uscc(random, random.weighted(DISTRICTS)), name: context.names() },
    amount: Money.fromFen(amountFen).toString(),
    contractDate,
    districtCode,
    industry: random.weighted(INDUSTRIES),
    ...(reversed
      ? { reversal: { reason: random.pick(ADMIN_REASONS), reversedOn: minDate(addDays(contractDate, random.int(5, 60)), context.today) } }
      : {}),
  };
}

/**
 * A long-tailed amount (Pareto: most near `minimumYuan`, a few very large), in fen, capped, rounded
 * down to `roundToYuan` yuan; a third of the amounts keep odd fen so that sums are tested to the fen.
 */
export function longTailFen(random: Random, minimumYuan: number, alpha: number, capYuan: number, roundToYuan: number): bigint {
  const yuan = Math.min(capYuan, minimumYuan / Math.pow(1 - random.next(), 1 / alpha));
  const rounded = BigInt(Math.floor(yuan / roundToYuan)) * BigInt(roundToYuan) * 100n;
  return random.chance(1 / 3) ? rounded + BigInt(random.int(1, 99)) : rounded;
}

function ipItem(random: Random, ipType: IpType, year: number, serial: number): PlannedIpItem {
  if (ipType === 'trademark') return { ipType, number: String(10_000_000 + (serial % 89_999_999)), title: undefined };
  const filed = year - random.int(1, 6);
  const digits = `${filed}${PATENT_TYPE_DIGIT[ipType] ?? '1'}${String(serial % 10_000_000).padStart(7, '0')}`;
  return { ipType, number: `${digits}.${computePatentCheckDigit(digits)}`, title: random.pick(TITLES) };
}

/** A valid USCC of a company (法人, 企业: "91") registered in the district. */
export function uscc(random: Random, districtCode: string): string {
  const organisation = Array.from({ length: 9 }, () => USCC_ALPHABET[random.int(0, USCC_ALPHABET.length - 1)]).join('');
  const first17 = `91${districtCode}${organisation}`;
  return first17 + computeUsccCheckCharacter(first17);
}

function nameGenerator(random: Random): () => string {
  const used = new Set<string>();
  return () => {
    for (;;) {
      const name = `重庆${random.pick(NAME_STEMS)}${random.pick(NAME_TRADES)}有限公司`;
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
      const numbered = `${name.slice(0, -4)}${used.size}号有限公司`;
      if (!used.has(numbered)) {
        used.add(numbered);
        return numbered;
      }
    }
  };
}

function ceilDiv(numerator: bigint, denominator: bigint): bigint {
  return (numerator + denominator - 1n) / denominator;
}

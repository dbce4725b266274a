// Loan-to-value limits (质押率: loan ÷ appraised value) by IP type, as data. One pledge of several
// items gets the lowest limit among its item types: the weakest collateral decides.
import type { IpType } from '@ipledger/contracts';
import { Money, Rate } from '@ipledger/money';

export interface LoanToValueLimit {
  readonly rate: string;
  readonly basis: string;
}

export const LOAN_TO_VALUE_LIMITS: Readonly<Record<IpType, LoanToValueLimit>> = {
  'invention-patent': { rate: '0.25', basis: 'published terms of a large bank: invention patents ≤ 25 %' },
  'utility-model': { rate: '0.15', basis: 'published terms of a large bank: utility models ≤ 15 %' },
  trademark: { rate: '0.50', basis: 'published terms of a large bank: trademarks ≤ 50 %' },
  // No published figure; chosen conservatively. A design patent is, like a utility model,
  // granted without substantive examination, so it gets the utility model's rate.
  'design-patent': { rate: '0.15', basis: 'no published figure; as a utility model (no substantive examination)' },
  // Registration of a copyright proves little about ownership or value: below trademarks,
  // near the bottom of the 10–60 % practice range.
  copyright: { rate: '0.30', basis: 'no published figure; conservative within the 10–60 % practice range' },
  'software-copyright': { rate: '0.30', basis: 'no published figure; conservative within the 10–60 % practice range' },
  // The types the 2016 city plan adds (植物新品种, 地理标志, 集成电路布图设计): no published figure for
  // any of them. A plant variety right is examined (DUS testing), so it is treated like a copyright;
  // a geographical indication is a collective or certification mark held for many producers, so it
  // gets less than an ordinary trademark; a layout design is registered without substantive
  // examination, like a utility model.
  'plant-variety': { rate: '0.30', basis: 'no published figure; conservative within the 10–60 % practice range' },
  'geographical-indication': {
    rate: '0.30',
    basis: 'no published figure; a collective or certification mark, below an ordinary trademark’s 50 %',
  },
  'layout-design': { rate: '0.15', basis: 'no published figure; as a utility model (registered without substantive examination)' },
};

export interface ApplicableLimit {
  readonly rate: Rate;
  /** The item type whose limit applies (the first with the lowest rate). */
  readonly ipType: IpType;
}

export function loanToValueLimitFor(ipTypes: readonly IpType[]): ApplicableLimit {
  const [first, ...rest] = ipTypes;
  if (first === undefined) throw new Error('a pledge has at least one IP item, so at least one IP type');
  return rest.reduce<ApplicableLimit>(
    (lowest, ipType) => {
      const rate = Rate.of(LOAN_TO_VALUE_LIMITS[ipType].rate);
      return rate.lt(lowest.rate) ? { rate, ipType } : lowest;
    },
    { rate: Rate.of(LOAN_TO_VALUE_LIMITS[first].rate), ipType: first },
  );
}

/** appraised value × limit, rounded half-up to the fen by the money library's one rule. */
export function maxPrincipal(appraisedValue: Money, limit: Rate): Money {
  return appraisedValue.times(limit);
}

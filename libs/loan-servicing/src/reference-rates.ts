// Reference rates as dated data: the Loan Prime Rate (贷款市场报价利率, LPR), published by the
// National Interbank Funding Center (全国银行间同业拆借中心) on the 20th of each month (the next
// working day when the 20th is not one), for one year and for over five years. A rate is in force
// from its publication day until the next change. Subsidies "of the LPR" (Beibei: 50 % of the LPR;
// Qingdao: 60 %) and caps "if the rate ≤ LPR × 1.4" (Zhongguancun) read it for a given day.
//
// LPR_HISTORY lists every change since the reform of 2019-08-20 as published; months without a
// change are not listed. Figures after its last row must be added as they are published: the
// table says how far it goes (lprHistoryEnds), and asking for a day before its first row throws.
import { isLocalDate, type LocalDate } from '@ipledger/calendar';
import { Rate } from '@ipledger/money';

export type LprTenor = '1Y' | '5Y+';

export interface LprPublication {
  /** The publication day from which the rates are in force. */
  readonly effectiveOn: LocalDate;
  /** One-year LPR as a decimal fraction ("0.0300" is 3.00 %). */
  readonly oneYear: string;
  /** Over-five-year LPR as a decimal fraction. */
  readonly overFiveYears: string;
}

/** Every change of the LPR since the reform, oldest first (全国银行间同业拆借中心 公告). */
export const LPR_HISTORY: readonly LprPublication[] = [
  { effectiveOn: '2019-08-20', oneYear: '0.0425', overFiveYears: '0.0485' },
  { effectiveOn: '2019-09-20', oneYear: '0.0420', overFiveYears: '0.0485' },
  { effectiveOn: '2019-11-20', oneYear: '0.0415', overFiveYears: '0.0480' },
  { effectiveOn: '2020-02-20', oneYear: '0.0405', overFiveYears: '0.0475' },
  { effectiveOn: '2020-04-20', oneYear: '0.0385', overFiveYears: '0.0465' },
  { effectiveOn: '2021-12-20', oneYear: '0.0380', overFiveYears: '0.0465' },
  { effectiveOn: '2022-01-20', oneYear: '0.0370', overFiveYears: '0.0460' },
  { effectiveOn: '2022-05-20', oneYear: '0.0370', overFiveYears: '0.0445' },
  { effectiveOn: '2022-08-22', oneYear: '0.0365', overFiveYears: '0.0430' },
  { effectiveOn: '2023-06-20', oneYear: '0.0355', overFiveYears: '0.0420' },
  { effectiveOn: '2023-08-21', oneYear: '0.0345', overFiveYears: '0.0420' },
  { effectiveOn: '2024-02-20', oneYear: '0.0345', overFiveYears: '0.0395' },
  { effectiveOn: '2024-07-22', oneYear: '0.0335', overFiveYears: '0.0385' },
  { effectiveOn: '2024-10-21', oneYear: '0.0310', overFiveYears: '0.0360' },
  { effectiveOn: '2025-05-20', oneYear: '0.0300', overFiveYears: '0.0350' },
];

/** The last publication day the table knows: rates for later days are as of that day. */
export function lprHistoryEnds(history: readonly LprPublication[] = LPR_HISTORY): LocalDate {
  const last = history[history.length - 1];
  if (last === undefined) throw new RangeError('the LPR table is empty');
  return last.effectiveOn;
}

/** The LPR of `tenor` in force on `day`: the latest publication on or before it. */
export function lprOn(day: LocalDate, tenor: LprTenor = '1Y', history: readonly LprPublication[] = LPR_HISTORY): Rate {
  if (!isLocalDate(day)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(day)}`);
  let inForce: LprPublication | undefined;
  for (const publication of history) {
    if (publication.effectiveOn > day) break;
    inForce = publication;
  }
  if (inForce === undefined) {
    throw new RangeError(`no LPR is in force on ${day}: the table starts on ${history[0]?.effectiveOn ?? '(empty)'}`);
  }
  return Rate.of(tenor === '1Y' ? inForce.oneYear : inForce.overFiveYears);
}

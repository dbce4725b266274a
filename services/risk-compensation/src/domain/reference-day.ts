// Which day's one-year LPR a share-of-reference subsidy takes (subsidy-scheme.ts, referenceOn):
//   cost-day               the LPR in force on the day the interest was due (the default);
//   month-before-contract  the latest LPR of the month before the loan contract was signed
//                          (Qingdao: 贷款合同签订日上月最新一年期LPR), i.e. the one in force on that
//                          month's last day. The disbursement date stands for the signing date:
//                          the ledger knows no contract date.
import { addDays, type LocalDate } from '@ipledger/calendar';
import type { SubsidyBasis } from './subsidy-scheme';

export function referenceRateDay(
  basis: SubsidyBasis,
  loan: { readonly costIncurredOn: LocalDate; readonly disbursedOn: LocalDate },
): LocalDate {
  if (basis.basis === 'share-of-reference' && basis.referenceOn === 'month-before-contract') {
    return addDays(`${loan.disbursedOn.slice(0, 7)}-01`, -1);
  }
  return loan.costIncurredOn;
}

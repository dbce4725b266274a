// Which policy version a loan is bound to. A loan is judged all its life by the rules in force when
// it was disbursed, so the binding is decided once, when LoanDisbursed is handled, from data that
// cannot change afterwards: published versions are frozen, and only versions published before the
// disbursement happened count (a version published later, even if back-dated, does not rebind
// loans already made). Replaying the same events therefore binds the same way.
//
// The rule, in order:
//   1. candidates: PUBLISHED versions, published at or before the disbursement event, whose scope
//      covers the borrower's district: the district itself for a district's own policy, else a
//      district code starting with the scope's city code (Chongqing 50…, Guangzhou 4401…). A
//      version stored before city codes existed and naming no district covers every district;
//      new drafts must name one or the other (policies.service.ts);
//   2. within one policy series, the version in force on the disbursement date: effectiveFrom ≤ date,
//      before its own effectiveTo, and not superseded by a later version of the series already in
//      force on that date;
//   3. across series, a district's own policy before a city-wide one, then the one that took effect
//      most recently, then the series id (so the choice is total and repeatable).
import { isAfter, LocalDate } from '@ipledger/calendar';

export interface PublishedVersion {
  readonly policyId: string;
  readonly seriesId: string;
  readonly version: number;
  readonly effectiveFrom: LocalDate;
  readonly effectiveTo?: LocalDate;
  readonly district?: string;
  /** The leading digits of the division codes the policy covers (2 or 4). */
  readonly cityCode?: string;
  readonly publishedAt: Date;
}

export interface LoanToBind {
  readonly districtCode: string;
  readonly disbursedOn: LocalDate;
  /** When the disbursement happened (the LoanDisbursed event's occurredAt). */
  readonly disbursedAt: Date;
}

export function bindPolicy(loan: LoanToBind, versions: readonly PublishedVersion[]): PublishedVersion | undefined {
  const known = versions.filter(
    (version) => version.publishedAt.getTime() <= loan.disbursedAt.getTime() && covers(version, loan.districtCode),
  );
  const inForce = [...new Set(known.map((version) => version.seriesId))]
    .map((seriesId) =>
      versionInForce(
        known.filter((version) => version.seriesId === seriesId),
        loan.disbursedOn,
      ),
    )
    .filter((version): version is PublishedVersion => version !== undefined);
  return inForce.sort(preferred)[0];
}

/** Whether the version's scope includes the district: its own district, or its city's division codes. */
export function covers(version: Pick<PublishedVersion, 'district' | 'cityCode'>, districtCode: string): boolean {
  if (version.district !== undefined) return version.district === districtCode;
  return version.cityCode === undefined || districtCode.startsWith(version.cityCode);
}

function versionInForce(series: readonly PublishedVersion[], on: LocalDate): PublishedVersion | undefined {
  const started = series.filter((version) => !isAfter(version.effectiveFrom, on)).sort((a, b) => b.version - a.version);
  const latest = started[0];
  if (latest === undefined) return undefined;
  return latest.effectiveTo === undefined || isAfter(latest.effectiveTo, on) ? latest : undefined;
}

function preferred(a: PublishedVersion, b: PublishedVersion): number {
  const districtFirst = Number(b.district !== undefined) - Number(a.district !== undefined);
  if (districtFirst !== 0) return districtFirst;
  if (a.effectiveFrom !== b.effectiveFrom) return a.effectiveFrom > b.effectiveFrom ? -1 : 1;
  return a.seriesId < b.seriesId ? -1 : a.seriesId > b.seriesId ? 1 : 0;
}

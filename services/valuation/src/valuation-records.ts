// The repository's boundary: PostgreSQL rows (Prisma.Decimal, DATE columns as UTC-midnight Date)
// read into the service's domain record (Money, LocalDate, the method's union). Nothing of the
// row types leaves the repository.
import { ValuationMethod } from '@ipledger/contracts';
import { Money } from '@ipledger/money';
import { toDateString } from '@ipledger/service-kit';
import type { Prisma } from './database';
import type { Valuation } from './domain/valuation';

export type ValuationRow = Prisma.ValuationGetPayload<true>;

export function toValuation(row: ValuationRow): Valuation {
  return {
    id: row.id,
    pledgeId: row.pledgeId,
    appraiserOrgId: row.appraiserOrgId,
    method: ValuationMethod.parse(row.method),
    // DECIMAL(20,2): the amount; DATE columns: the calendar day (UTC midnight from the driver).
    appraisedValue: Money.of(row.appraisedValue.toFixed(2)),
    valuationDate: toDateString(row.valuationDate),
    validUntil: toDateString(row.validUntil),
    reportNumber: row.reportNumber,
    recordedAt: row.recordedAt,
  };
}

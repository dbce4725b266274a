// The repository's boundary: PostgreSQL rows (Prisma.Decimal, DATE columns as UTC-midnight Date)
// read into the service's domain records (Money, Rate, LocalDate, status unions). Nothing of the
// row types leaves the repository.
import type { LocalDate } from '@ipledger/calendar';
import { moneyOfStored } from '@ipledger/db';
import { FirmSize, IpType, LOAN_CLOSE_REASONS, LoanStatus } from '@ipledger/contracts';
import {
  DAY_COUNTS,
  PERIOD_MONTHS,
  REPAYMENT_METHODS,
  type DayCount,
  type PeriodMonths,
  type RepaymentMethod,
  type ScheduledInstalment,
} from '@ipledger/loan-servicing';
import { Money, Rate } from '@ipledger/money';
import { toDateString } from '@ipledger/service-kit';
import type { Prisma } from './database';
import type { Loan } from './domain/loan';
import type { LoanCloseReason } from './domain/loan-lifecycle';
import type { PledgeFacts } from './domain/pledge-facts';

export const WITH_REPAYMENTS = {
  repayments: { orderBy: [{ repaidOn: 'asc' }, { recordedAt: 'asc' }, { id: 'asc' }] },
} satisfies Prisma.LoanInclude;

export type LoanRow = Prisma.LoanGetPayload<{ include: typeof WITH_REPAYMENTS }>;
export type FactsRow = Prisma.LendingPledgeFactsGetPayload<true>;
export type InstalmentRow = Prisma.LoanInstalmentGetPayload<true>;

function moneyOrNull(value: Prisma.Decimal | null): Money | null {
  return value === null ? null : moneyOfStored(value);
}

/** Rates come back from DECIMAL columns with padding ("0.250000"); the Rate is 0.25. */
export function rateOf(value: Prisma.Decimal): Rate {
  return Rate.of(value.toFixed());
}

/** A DATE column: the calendar day (the driver hands it over as that day's UTC midnight). */
export function localDateOf(date: Date): LocalDate {
  return toDateString(date);
}

function localDateOrNull(date: Date | null): LocalDate | null {
  return date === null ? null : localDateOf(date);
}

export function loanStatusOf(row: { status: string }): LoanStatus {
  return LoanStatus.parse(row.status);
}

/** Why a CLOSED loan closed; null while it is open. */
export function closeReasonOf(row: { closeReason: string | null }): LoanCloseReason | null {
  const { closeReason } = row;
  if (closeReason === null) return null;
  const known = LOAN_CLOSE_REASONS.find((reason) => reason === closeReason);
  if (known === undefined) throw new Error(`unknown loan close reason ${closeReason}`);
  return known;
}

function repaymentMethodOf(stored: string): RepaymentMethod {
  const known = REPAYMENT_METHODS.find((method) => method === stored);
  if (known === undefined) throw new Error(`unknown repayment method ${stored}`);
  return known;
}

function dayCountOf(stored: string): DayCount {
  const known = DAY_COUNTS.find((dayCount) => dayCount === stored);
  if (known === undefined) throw new Error(`unknown day count ${stored}`);
  return known;
}

function periodMonthsOf(stored: number): PeriodMonths {
  const known = PERIOD_MONTHS.find((months) => months === stored);
  if (known === undefined) throw new Error(`unknown instalment period of ${stored} months`);
  return known;
}

/** A stored instalment of the schedule made at disbursement. */
export function toInstalment(row: InstalmentRow): ScheduledInstalment {
  const principal = moneyOfStored(row.principal);
  const interest = moneyOfStored(row.interest);
  const openingPrincipal = moneyOfStored(row.openingPrincipal);
  return {
    number: row.number,
    startsOn: localDateOf(row.startsOn),
    dueOn: localDateOf(row.dueOn),
    days: row.days,
    openingPrincipal,
    principal,
    interest,
    amount: principal.plus(interest),
    closingPrincipal: row.closingPrincipal === null ? openingPrincipal.minus(principal) : moneyOfStored(row.closingPrincipal),
    ...(row.prepaidOn === null ? {} : { prepaidOn: localDateOf(row.prepaidOn) }),
  };
}

export function toLoan(row: LoanRow): Loan {
  return {
    id: row.id,
    pledgeId: row.pledgeId,
    bankOrgId: row.bankOrgId,
    borrowerUscc: row.borrowerUscc,
    status: loanStatusOf(row),
    principal: moneyOfStored(row.principal),
    outstandingPrincipal: moneyOfStored(row.outstandingPrincipal),
    interestPaid: moneyOfStored(row.interestPaid),
    annualInterestRate: rateOf(row.annualInterestRate),
    termMonths: row.termMonths,
    disbursedOn: localDateOf(row.disbursedOn),
    maturityDate: localDateOf(row.maturityDate),
    loanToValueLimit: rateOf(row.loanToValueLimit),
    closedOn: localDateOrNull(row.closedOn),
    closeReason: closeReasonOf(row),
    guarantorOrgId: row.guarantorOrgId,
    insurerOrgId: row.insurerOrgId,
    overdueSince: localDateOrNull(row.overdueSince),
    daysPastDue: row.daysPastDue,
    overdueInterest: moneyOrNull(row.overdueInterest),
    defaultedOn: localDateOrNull(row.defaultedOn),
    accruedInterest: moneyOrNull(row.accruedInterest),
    repaymentMethod: repaymentMethodOf(row.repaymentMethod),
    dayCount: dayCountOf(row.dayCount),
    periodMonths: periodMonthsOf(row.periodMonths),
    interestAccruedUntil: localDateOrNull(row.interestAccruedUntil),
    interestAccrued: moneyOfStored(row.interestAccrued),
    accruedInterestSettled: moneyOfStored(row.accruedInterestSettled),
    repayments: row.repayments.map((repayment) => ({
      id: repayment.id,
      loanId: repayment.loanId,
      principalAmount: moneyOfStored(repayment.principalAmount),
      interestAmount: moneyOfStored(repayment.interestAmount),
      repaidOn: localDateOf(repayment.repaidOn),
      outstandingAfter: moneyOfStored(repayment.outstandingAfter),
      kind: repayment.kind === 'prepayment' ? 'prepayment' : 'instalment',
      recordedAt: repayment.recordedAt,
    })),
    scheduleVersion: row.scheduleVersion,
    version: row.version,
  };
}

/** The application's columns, filled together by PledgeApplicationSubmitted; null until it arrives. */
function applicationOf(row: FactsRow): PledgeFacts['application'] {
  const { bankOrgId, pledgorUscc, pledgorName, requestedLoanAmount, termMonths, districtCode } = row;
  if (
    row.applicationEventId === null ||
    bankOrgId === null ||
    pledgorUscc === null ||
    pledgorName === null ||
    requestedLoanAmount === null ||
    termMonths === null ||
    districtCode === null
  ) {
    return null;
  }
  return {
    bankOrgId,
    pledgor: {
      uscc: pledgorUscc,
      name: pledgorName,
      ...(row.pledgorFirmSize === null ? {} : { firmSize: FirmSize.parse(row.pledgorFirmSize) }),
      ...(row.pledgorIndustry === null ? {} : { industry: row.pledgorIndustry }),
    },
    requestedLoanAmount: moneyOfStored(requestedLoanAmount),
    termMonths,
    districtCode,
    ipTypes: row.ipTypes.map((ipType) => IpType.parse(ipType)),
  };
}

export function toPledgeFacts(row: FactsRow): PledgeFacts {
  const registrationDate = localDateOrNull(row.registrationDate);
  const valuationDate = localDateOrNull(row.valuationDate);
  const validUntil = localDateOrNull(row.valuationValidUntil);
  return {
    pledgeId: row.pledgeId,
    application: applicationOf(row),
    registration:
      row.registrationNumber === null || registrationDate === null
        ? null
        : { registrationNumber: row.registrationNumber, registrationDate },
    releasedOn: localDateOrNull(row.releasedOn),
    valuation:
      row.valuationId === null || row.appraisedValue === null || valuationDate === null || validUntil === null
        ? null
        : {
            valuationId: row.valuationId,
            appraiserOrgId: row.appraiserOrgId,
            appraisedValue: moneyOfStored(row.appraisedValue),
            valuationDate,
            validUntil,
          },
  };
}

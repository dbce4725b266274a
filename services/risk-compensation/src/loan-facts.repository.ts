import { Injectable } from '@nestjs/common';
import { moneyOfStored } from '@ipledger/db';
import type { PrismaClient, TransactionClient } from './database';
import { Rate, type Money } from '@ipledger/money';
import type { DayCount, PeriodMonths, RepaymentMethod } from '@ipledger/loan-servicing';
import type { FirmSize, OverdueReport } from './domain';
import { fromDateString, toDateString } from '@ipledger/service-kit';
import type { LocalDate } from '@ipledger/calendar';
import type { IpType } from './domain';

export type CompensationLoanRow = Awaited<ReturnType<PrismaClient['compensationLoan']['findUniqueOrThrow']>>;

/** A loan as the claim path needs it: what LoanDisbursed and LoanDefaulted said. */
export interface LoanFactsRecord {
  loanId: string;
  pledgeId: string;
  bankOrgId: string;
  borrowerUscc: string;
  principal: Money;
  termMonths: number;
  districtCode: string;
  ipTypes: IpType[];
  disbursedOn: LocalDate;
  pledgeRegistrationNumber: string | null;
  appraiserOrgId: string | null;
  guarantorOrgId: string | null;
  insurerOrgId: string | null;
  /** The bound policy version, or null when no published policy covered the loan when it was disbursed. */
  policyId: string | null;
  defaultedOn: LocalDate | null;
  outstandingAtDefault: Money | null;
  interestAtDefault: Money | null;
  /** The loan's terms, for subsidies; null for loans learnt before they were kept. */
  terms: LoanTermsRecord | null;
  /** The borrower's size and GB/T 4754 section as registered with the pledge; null when not stated. */
  borrowerFirmSize: FirmSize | null;
  borrowerIndustry: string | null;
}

/** What a schedule is rebuilt from (libs/loan-servicing). */
export interface LoanTermsRecord {
  annualInterestRate: Rate;
  repaymentMethod: RepaymentMethod;
  dayCount: DayCount;
  periodMonths: PeriodMonths;
}

export interface DisposalRecord {
  pledgeId: string;
  loanId: string;
  method: string;
  netProceeds: Money;
  disposedOn: LocalDate;
}

function toLoanFacts(row: CompensationLoanRow): LoanFactsRecord {
  return {
    loanId: row.loanId,
    pledgeId: row.pledgeId,
    bankOrgId: row.bankOrgId,
    borrowerUscc: row.borrowerUscc,
    principal: moneyOfStored(row.principal),
    termMonths: row.termMonths,
    districtCode: row.districtCode,
    ipTypes: row.ipTypes as IpType[],
    disbursedOn: toDateString(row.disbursedOn),
    pledgeRegistrationNumber: row.pledgeRegistrationNumber,
    appraiserOrgId: row.appraiserOrgId,
    guarantorOrgId: row.guarantorOrgId,
    insurerOrgId: row.insurerOrgId,
    policyId: row.policyId,
    defaultedOn: row.defaultedOn === null ? null : toDateString(row.defaultedOn),
    outstandingAtDefault: row.outstandingAtDefault === null ? null : moneyOfStored(row.outstandingAtDefault),
    interestAtDefault: row.interestAtDefault === null ? null : moneyOfStored(row.interestAtDefault),
    borrowerFirmSize: row.borrowerFirmSize as FirmSize | null,
    borrowerIndustry: row.borrowerIndustry,
    terms:
      row.annualInterestRate === null || row.repaymentMethod === null || row.dayCount === null || row.periodMonths === null
        ? null
        : {
            annualInterestRate: Rate.of(row.annualInterestRate.toString()),
            repaymentMethod: row.repaymentMethod as RepaymentMethod,
            dayCount: row.dayCount as DayCount,
            periodMonths: row.periodMonths as PeriodMonths,
          },
  };
}

export type NewLoanFacts = Omit<LoanFactsRecord, 'defaultedOn' | 'outstandingAtDefault' | 'interestAtDefault' | 'terms'> & {
  borrowerName: string;
  terms: LoanTermsRecord;
};

/** The facts risk compensation keeps about loans and disposals, copied from other services' events. */
@Injectable()
export class LoanFactsRepository {
  /** Inserts once; a redelivered LoanDisbursed finds the row and changes nothing. */
  async insertLoan(tx: TransactionClient, loan: NewLoanFacts): Promise<void> {
    await tx.compensationLoan.createMany({
      data: [
        {
          loanId: loan.loanId,
          pledgeId: loan.pledgeId,
          bankOrgId: loan.bankOrgId,
          borrowerUscc: loan.borrowerUscc,
          borrowerName: loan.borrowerName,
          principal: loan.principal.toString(),
          termMonths: loan.termMonths,
          districtCode: loan.districtCode,
          ipTypes: loan.ipTypes,
          disbursedOn: fromDateString(loan.disbursedOn),
          pledgeRegistrationNumber: loan.pledgeRegistrationNumber,
          appraiserOrgId: loan.appraiserOrgId,
          guarantorOrgId: loan.guarantorOrgId,
          insurerOrgId: loan.insurerOrgId,
          policyId: loan.policyId,
          annualInterestRate: loan.terms.annualInterestRate.toString(),
          repaymentMethod: loan.terms.repaymentMethod,
          dayCount: loan.terms.dayCount,
          periodMonths: loan.terms.periodMonths,
          borrowerFirmSize: loan.borrowerFirmSize,
          borrowerIndustry: loan.borrowerIndustry,
        },
      ],
      skipDuplicates: true,
    });
  }

  /** Keeps a bank's overdue report once (a redelivered LoanOverdue changes nothing). */
  async insertOverdueReport(tx: TransactionClient, loanId: string, report: OverdueReport): Promise<void> {
    await tx.loanOverdueReport.createMany({
      data: [
        {
          loanId,
          overdueSince: fromDateString(report.overdueSince),
          reportedOn: fromDateString(report.reportedOn),
          daysPastDue: report.daysPastDue,
        },
      ],
      skipDuplicates: true,
    });
  }

  async overdueReports(tx: TransactionClient, loanId: string): Promise<OverdueReport[]> {
    const rows = await tx.loanOverdueReport.findMany({ where: { loanId }, orderBy: { reportedOn: 'asc' } });
    return rows.map((row) => ({
      overdueSince: toDateString(row.overdueSince),
      reportedOn: toDateString(row.reportedOn),
      daysPastDue: row.daysPastDue,
    }));
  }

  /** Records the default; false when the loan is unknown (its LoanDisbursed has not been handled). */
  async recordDefault(
    tx: TransactionClient,
    loanId: string,
    fact: { defaultedOn: LocalDate; outstanding: Money; interest: Money },
  ): Promise<boolean> {
    const { count } = await tx.compensationLoan.updateMany({
      where: { loanId },
      data: {
        defaultedOn: fromDateString(fact.defaultedOn),
        outstandingAtDefault: fact.outstanding.toString(),
        interestAtDefault: fact.interest.toString(),
        updatedAt: new Date(),
      },
    });
    return count === 1;
  }

  async findLoan(tx: TransactionClient, loanId: string): Promise<LoanFactsRecord | null> {
    const row = await tx.compensationLoan.findUnique({ where: { loanId } });
    return row === null ? null : toLoanFacts(row);
  }

  /** The borrower's loans bound to one fund's policies (for the per-borrower cap's loan-date order). */
  async borrowerLoans(tx: TransactionClient, borrowerUscc: string, policyIds: readonly string[]): Promise<LoanFactsRecord[]> {
    const rows = await tx.compensationLoan.findMany({ where: { borrowerUscc, policyId: { in: [...policyIds] } } });
    return rows.map(toLoanFacts);
  }

  async insertDisposal(tx: TransactionClient, disposal: DisposalRecord & { grossProceeds: Money; costs: Money }): Promise<void> {
    await tx.compensationDisposal.createMany({
      data: [
        {
          pledgeId: disposal.pledgeId,
          loanId: disposal.loanId,
          method: disposal.method,
          grossProceeds: disposal.grossProceeds.toString(),
          costs: disposal.costs.toString(),
          netProceeds: disposal.netProceeds.toString(),
          disposedOn: fromDateString(disposal.disposedOn),
        },
      ],
      skipDuplicates: true,
    });
  }

  async findDisposal(tx: TransactionClient, pledgeId: string): Promise<DisposalRecord | null> {
    const row = await tx.compensationDisposal.findUnique({ where: { pledgeId } });
    return row === null
      ? null
      : {
          pledgeId: row.pledgeId,
          loanId: row.loanId,
          method: row.method,
          netProceeds: moneyOfStored(row.netProceeds),
          disposedOn: toDateString(row.disposedOn),
        };
  }
}

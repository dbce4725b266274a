// Builders for the events risk compensation learns loans and disposals from, as lending and pledge
// registration would produce them. For tests only.
import type { EventEnvelope, PayloadOf } from '@ipledger/contracts';
import { newId } from '@ipledger/service-kit';
import { testEnvelope } from '@ipledger/testing';

export const BANK = 'bank-gz-a';
export const GUARANTOR = 'guarantor-gz-kexin';
export const APPRAISER = 'appraiser-gz-zhongcai';
export const INSURER = 'insurer-gz-picc';

type FactEvent = 'LoanDisbursed' | 'LoanOverdue' | 'LoanDefaulted' | 'PledgeDisposed';

function envelope<T extends FactEvent>(type: T, payload: PayloadOf<T>, key: string): EventEnvelope<T> {
  return testEnvelope(type, payload, { key, actor: { orgId: BANK, role: 'bank', userId: null } });
}

/** A borrower's USCC for test number `n` (format only; the claim path does not re-check the digit). */
export function borrowerUscc(n: number): string {
  return `91440101${String(n).padStart(10, '0')}`;
}

export interface TestLoan {
  loanId: string;
  pledgeId: string;
  disbursed: EventEnvelope<'LoanDisbursed'>;
}

export function loanDisbursed(payload: Partial<PayloadOf<'LoanDisbursed'>> = {}): TestLoan {
  const loanId = payload.loanId ?? newId('loan');
  const pledgeId = payload.pledgeId ?? newId('pledge');
  const disbursed = envelope(
    'LoanDisbursed',
    {
      loanId,
      pledgeId,
      bankOrgId: BANK,
      borrowerUscc: borrowerUscc(1),
      borrowerName: '广州示例科技有限公司',
      principal: '3000000.00',
      annualInterestRate: '0.0435',
      termMonths: 12,
      disbursedOn: '2026-01-10',
      maturityDate: '2027-01-10',
      districtCode: '440106',
      ipTypes: ['invention-patent'],
      loanToValueLimit: '0.5',
      pledgeRegistrationNumber: 'Y2026440000001',
      appraiserOrgId: APPRAISER,
      guarantorOrgId: GUARANTOR,
      insurerOrgId: INSURER,
      ...payload,
    },
    loanId,
  );
  return { loanId, pledgeId, disbursed };
}

export function loanDefaulted(loan: TestLoan, payload: Partial<PayloadOf<'LoanDefaulted'>> = {}): EventEnvelope<'LoanDefaulted'> {
  const disbursed = loan.disbursed.payload;
  return envelope(
    'LoanDefaulted',
    {
      loanId: loan.loanId,
      pledgeId: loan.pledgeId,
      bankOrgId: disbursed.bankOrgId,
      borrowerUscc: disbursed.borrowerUscc,
      defaultedOn: '2026-09-21',
      outstandingPrincipal: '2000000.00',
      accruedInterest: '21750.00',
      districtCode: disbursed.districtCode,
      ...payload,
    },
    loan.loanId,
  );
}

export function loanOverdue(loan: TestLoan, payload: Partial<PayloadOf<'LoanOverdue'>> = {}): EventEnvelope<'LoanOverdue'> {
  return envelope(
    'LoanOverdue',
    {
      loanId: loan.loanId,
      bankOrgId: loan.disbursed.payload.bankOrgId,
      overdueSince: '2026-03-10',
      daysPastDue: 5,
      outstandingPrincipal: loan.disbursed.payload.principal,
      overdueInterest: '1000.00',
      reportedOn: '2026-03-15',
      detectedBy: 'bank-report',
      ...payload,
    },
    loan.loanId,
  );
}

export function pledgeDisposed(loan: TestLoan, payload: Partial<PayloadOf<'PledgeDisposed'>> = {}): EventEnvelope<'PledgeDisposed'> {
  return envelope(
    'PledgeDisposed',
    {
      pledgeId: loan.pledgeId,
      loanId: loan.loanId,
      bankOrgId: loan.disbursed.payload.bankOrgId,
      method: 'auction',
      grossProceeds: '900000.00',
      costs: '100000.00',
      netProceeds: '800000.00',
      disposedOn: '2026-10-30',
      ...payload,
    },
    loan.pledgeId,
  );
}

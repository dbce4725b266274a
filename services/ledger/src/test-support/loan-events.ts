// Builders for the loan events the ledger posts, as lending would produce them. For tests only.
import type { EventEnvelope, PayloadOf } from '@ipledger/contracts';
import { testEnvelope } from '@ipledger/testing';

export const BANK = 'bank-cq-rural';
export const LOAN = 'ln_0193c4a0b1c27d3e8f9a0b1c2d3e4f50';

type EnvelopeFields = Partial<Pick<EventEnvelope, 'eventId' | 'correlationId' | 'occurredAt'>>;

function envelope<T extends 'LoanDisbursed' | 'LoanRepaid' | 'LoanInterestAccrued' | 'LoanDefaulted'>(
  type: T,
  payload: PayloadOf<T>,
  fields: EnvelopeFields,
): EventEnvelope<T> {
  return testEnvelope(type, payload, {
    occurredAt: '2026-03-02T08:00:00.000Z',
    actor: { orgId: payload.bankOrgId, role: 'bank', userId: null },
    ...fields,
  });
}

export function loanDisbursed(
  payload: Partial<PayloadOf<'LoanDisbursed'>> = {},
  fields: EnvelopeFields = {},
): EventEnvelope<'LoanDisbursed'> {
  return envelope(
    'LoanDisbursed',
    {
      loanId: LOAN,
      pledgeId: 'pl_0193c4a0b1c27d3e8f9a0b1c2d3e4f51',
      bankOrgId: BANK,
      borrowerUscc: '91350100M000100Y43',
      borrowerName: '重庆示例科技有限公司',
      principal: '1000000.00',
      annualInterestRate: '0.0435',
      termMonths: 12,
      disbursedOn: '2026-03-02',
      maturityDate: '2027-03-02',
      districtCode: '500101',
      ipTypes: ['invention-patent'],
      loanToValueLimit: '0.25',
      ...payload,
    },
    fields,
  );
}

export function loanRepaid(payload: Partial<PayloadOf<'LoanRepaid'>> = {}, fields: EnvelopeFields = {}): EventEnvelope<'LoanRepaid'> {
  return envelope(
    'LoanRepaid',
    {
      loanId: LOAN,
      repaymentId: 'rp_0193c4a0b1c27d3e8f9a0b1c2d3e4f52',
      bankOrgId: BANK,
      principalAmount: '250000.00',
      interestAmount: '3625.00',
      repaidOn: '2026-06-02',
      outstandingPrincipal: '750000.00',
      ...payload,
    },
    fields,
  );
}

export function loanInterestAccrued(
  payload: Partial<PayloadOf<'LoanInterestAccrued'>> = {},
  fields: EnvelopeFields = {},
): EventEnvelope<'LoanInterestAccrued'> {
  return envelope(
    'LoanInterestAccrued',
    { loanId: LOAN, bankOrgId: BANK, accruedFrom: '2026-06-01', accruedUntil: '2026-06-02', days: 1, amount: '120.83', ...payload },
    fields,
  );
}

export function loanDefaulted(
  payload: Partial<PayloadOf<'LoanDefaulted'>> = {},
  fields: EnvelopeFields = {},
): EventEnvelope<'LoanDefaulted'> {
  return envelope(
    'LoanDefaulted',
    {
      loanId: LOAN,
      pledgeId: 'pl_0193c4a0b1c27d3e8f9a0b1c2d3e4f51',
      bankOrgId: BANK,
      borrowerUscc: '91350100M000100Y43',
      defaultedOn: '2026-09-02',
      outstandingPrincipal: '750000.00',
      accruedInterest: '8156.25',
      districtCode: '500101',
      ...payload,
    },
    fields,
  );
}

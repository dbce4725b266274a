// Builders for the subsidy events the ledger posts, as risk-compensation would produce them. For
// tests only. The defaults are docs/subsidies.md's worked example: a quarter's interest of
// 90,000.00 paid on a 10,000,000.00 loan, subsidised at 60 % of a 3.00 % LPR = 45,000.00 (贴息),
// approved on 2026-04-10 against the scheme's 2026 budget and paid on 2026-04-20.
import type { EventEnvelope, PayloadOf } from '@ipledger/contracts';
import { testEnvelope } from '@ipledger/testing';
import { BANK, LOAN } from './loan-events';

export const SCHEME = 'sub_0195a1b2c3d47e5f8a6b7c8d9e0f1a12';
export const APPLICATION = 'sap_0195a1b2c3d47e5f8a6b7c8d9e0f1a13';
export const BORROWER_USCC = '91350100M000100Y43';

type SubsidyEventType = 'SubsidyApproved' | 'SubsidyPaid';
type EnvelopeFields = Partial<Pick<EventEnvelope, 'eventId' | 'correlationId' | 'occurredAt'>>;

function envelope<T extends SubsidyEventType>(type: T, payload: PayloadOf<T>, fields: EnvelopeFields): EventEnvelope<T> {
  return testEnvelope(type, payload, {
    occurredAt: '2026-04-10T08:00:00.000Z',
    actor: { orgId: 'bureau-cq', role: 'bureau', userId: null },
    ...fields,
  });
}

export function subsidyApproved(
  payload: Partial<PayloadOf<'SubsidyApproved'>> = {},
  fields: EnvelopeFields = {},
): EventEnvelope<'SubsidyApproved'> {
  return envelope(
    'SubsidyApproved',
    {
      applicationId: APPLICATION,
      schemeId: SCHEME,
      schemeVersion: 1,
      kind: 'interest',
      loanId: LOAN,
      bankOrgId: BANK,
      borrowerUscc: BORROWER_USCC,
      districtCode: '500112',
      firmSize: 'small',
      industry: 'C',
      budgetYear: 2026,
      approvedOn: '2026-04-10',
      amountPaid: '90000.00',
      approvedAmount: '45000.00',
      ...payload,
    },
    fields,
  );
}

export function subsidyPaid(payload: Partial<PayloadOf<'SubsidyPaid'>> = {}, fields: EnvelopeFields = {}): EventEnvelope<'SubsidyPaid'> {
  return envelope(
    'SubsidyPaid',
    {
      applicationId: APPLICATION,
      schemeId: SCHEME,
      kind: 'interest',
      loanId: LOAN,
      bankOrgId: BANK,
      borrowerUscc: BORROWER_USCC,
      budgetYear: 2026,
      amount: '45000.00',
      paidOn: '2026-04-20',
      paymentReference: 'CQ-SUB-2026-0001',
      ...payload,
    },
    { occurredAt: '2026-04-20T08:00:00.000Z', ...fields },
  );
}

import { z } from 'zod';
import {
  DateString,
  DivisionCode,
  IpType,
  LoanId,
  MoneyString,
  OrgId,
  PledgeId,
  PledgorFields,
  PositiveMoneyString,
  Timestamp,
} from '../primitives';

export const PledgedIpItem = z.object({
  ipType: IpType,
  number: z.string().min(1).max(64),
  title: z.string().max(200).nullable(),
});

/** The pledgor as an event carries it; firmSize and industry absent when the bank stated none (and in older events). */
export const PledgorPayload = z.object(PledgorFields);

export const PledgeApplicationSubmittedV1 = z.object({
  pledgeId: PledgeId,
  bankOrgId: OrgId,
  pledgor: PledgorPayload,
  ipItems: z.array(PledgedIpItem).min(1),
  requestedLoanAmount: PositiveMoneyString,
  termMonths: z.number().int().min(1).max(36),
  districtCode: DivisionCode,
  submittedAt: Timestamp,
  /** The appraiser (资产评估机构) the bank named; absent in events from before pledges named one. */
  appraiserOrgId: OrgId.optional(),
});

/** One reason the bureau returned an application for correction (补正), on a field when it concerns one. */
export const CorrectionReason = z.object({ field: z.string().max(100).nullable(), message: z.string().min(1).max(500) });

/** 补正: the bureau returned the application to the bank for correction, with its reasons. */
export const PledgeApplicationReturnedV1 = z.object({
  pledgeId: PledgeId,
  bankOrgId: OrgId,
  reasons: z.array(CorrectionReason).min(1),
  returnedOn: DateString,
});

/**
 * The bank corrected a returned application and submitted it again: the whole corrected
 * application. `firstSubmittedAt` is the first receipt (statistics count from it);
 * `resubmittedAt` restarts the bureau's decision deadline.
 */
export const PledgeApplicationResubmittedV1 = z.object({
  pledgeId: PledgeId,
  bankOrgId: OrgId,
  pledgor: PledgorPayload,
  ipItems: z.array(PledgedIpItem).min(1),
  requestedLoanAmount: PositiveMoneyString,
  termMonths: z.number().int().min(1).max(36),
  districtCode: DivisionCode,
  appraiserOrgId: OrgId,
  firstSubmittedAt: Timestamp,
  resubmittedAt: Timestamp,
});

/** The bank named another appraiser for the pledge (or one for a pledge from before applications named one). */
export const PledgeAppraiserAssignedV1 = z.object({
  pledgeId: PledgeId,
  bankOrgId: OrgId,
  appraiserOrgId: OrgId,
  assignedOn: DateString,
});

/** Why the bureau refuses to register (不予登记), under the 专利权质押登记办法. */
export const REFUSAL_REASONS = [
  'right-already-pledged',
  'right-invalid-or-expired',
  'pledgor-not-owner',
  'contract-terms-missing',
  'other',
] as const;
export const RefusalReason = z.enum(REFUSAL_REASONS, { message: `must be one of ${REFUSAL_REASONS.join(', ')}` });

/** 不予登记: the bureau refused the application; final. */
export const PledgeApplicationRefusedV1 = z.object({
  pledgeId: PledgeId,
  bankOrgId: OrgId,
  reason: RefusalReason,
  note: z.string().min(1).max(500),
  refusedOn: DateString,
});

export const PledgeRegisteredV1 = z.object({
  pledgeId: PledgeId,
  bankOrgId: OrgId,
  registrationNumber: z.string().min(1).max(64),
  registrationDate: DateString,
});

/**
 * 变更登记: a new version of a registered pledge (amount secured, term, pledgor's name), dated
 * by the server; the previous versions are kept. Version 1 is the registration itself.
 */
export const PledgeRegistrationChangedV1 = z.object({
  pledgeId: PledgeId,
  bankOrgId: OrgId,
  registrationNumber: z.string().min(1).max(64),
  registrationVersion: z.number().int().min(2),
  securedAmount: PositiveMoneyString,
  termMonths: z.number().int().min(1).max(36),
  pledgorName: z.string().min(1).max(200),
  changedOn: DateString,
  note: z.string().max(500).nullable(),
});

export const PledgeReleasedV1 = z.object({
  pledgeId: PledgeId,
  bankOrgId: OrgId,
  /** The loan it secured; absent when the bank had the pledge released before any loan. */
  loanId: LoanId.optional(),
  releasedOn: DateString,
  /** 'loan-closed': its loan closed; 'bank-request': the pledgee bank asked for the release (注销登记). */
  reason: z.enum(['loan-closed', 'bank-request']),
});

export const DISPOSAL_METHODS = ['auction', 'transfer', 'licensing', 'write-off'] as const;
export const DisposalMethod = z.enum(DISPOSAL_METHODS, { message: `must be one of ${DISPOSAL_METHODS.join(', ')}` });

/** 质物处置: the bank sold (or wrote off) the pledged IP of a defaulted loan. */
export const PledgeDisposedV1 = z.object({
  pledgeId: PledgeId,
  loanId: LoanId,
  bankOrgId: OrgId,
  method: DisposalMethod,
  grossProceeds: MoneyString,
  costs: MoneyString,
  /** max(0, gross − costs): what is shared back to those who bore the loss. */
  netProceeds: MoneyString,
  disposedOn: DateString,
});

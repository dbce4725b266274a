import { z } from 'zod';
import { CorrectionReason, DisposalMethod, PledgedIpItem, RefusalReason } from '../events/pledge-events';
import {
  DateString,
  DivisionCode,
  FirmSize,
  IndustryCode,
  IpType,
  LoanId,
  MoneyString,
  OrgId,
  PledgeId,
  PledgorFields,
  PositiveMoneyString,
  Timestamp,
  Uscc,
} from '../primitives';

/** RETURNED: back with the bank for correction (补正); REFUSED: not registered (不予登记), final. */
export const PLEDGE_STATUSES = ['SUBMITTED', 'RETURNED', 'REFUSED', 'REGISTERED', 'RELEASED', 'DISPOSED'] as const;
export const PledgeStatus = z.enum(PLEDGE_STATUSES);
export type PledgeStatus = z.infer<typeof PledgeStatus>;

export const SubmitPledgeApplicationRequest = z.strictObject({
  /** firmSize (大中小微) and industry (GB/T 4754 section) are optional: stated, they travel with the loan. */
  pledgor: z.strictObject(PledgorFields),
  ipItems: z
    .array(
      z.strictObject({
        ipType: IpType,
        number: z.string().trim().min(1).max(64),
        title: z.string().trim().max(200).optional(),
      }),
    )
    .min(1, { message: 'must list at least one IP item' })
    .max(20, { message: 'must list at most 20 IP items' }),
  requestedLoanAmount: PositiveMoneyString,
  termMonths: z.number().int().min(1).max(36, { message: 'must be at most 36 months' }),
  districtCode: DivisionCode,
  /** The appraiser (资产评估机构) that values this pledge: only it sees the pledge and may value it. */
  appraiserOrgId: OrgId,
});
export type SubmitPledgeApplicationRequest = z.infer<typeof SubmitPledgeApplicationRequest>;

/** 补正 resubmission: the whole corrected application, checked like a first submission. */
export const ResubmitPledgeApplicationRequest = SubmitPledgeApplicationRequest;
export type ResubmitPledgeApplicationRequest = SubmitPledgeApplicationRequest;

/** The registration date is the server's (the day the bureau registers); the number is the registrar's. */
export const RegisterPledgeRequest = z.strictObject({
  registrationNumber: z.string().trim().min(1).max(64),
});
export type RegisterPledgeRequest = z.infer<typeof RegisterPledgeRequest>;

/** 补正: what the bank has to correct, at least one reason. */
export const ReturnPledgeApplicationRequest = z.strictObject({
  reasons: z
    .array(z.strictObject({ field: z.string().trim().min(1).max(100).optional(), message: z.string().trim().min(1).max(500) }))
    .min(1, { message: 'must give at least one reason' })
    .max(20, { message: 'must give at most 20 reasons' }),
});
export type ReturnPledgeApplicationRequest = z.infer<typeof ReturnPledgeApplicationRequest>;

/** 不予登记: a reason from the documented list and a note. */
export const RefusePledgeApplicationRequest = z.strictObject({
  reason: RefusalReason,
  note: z.string().trim().min(1).max(500),
});
export type RefusePledgeApplicationRequest = z.infer<typeof RefusePledgeApplicationRequest>;

/** 变更登记: what changes (at least one of them), dated by the server. */
export const ChangePledgeRegistrationRequest = z
  .strictObject({
    securedAmount: PositiveMoneyString.optional(),
    termMonths: z.number().int().min(1).max(36, { message: 'must be at most 36 months' }).optional(),
    pledgorName: z.string().trim().min(1).max(200).optional(),
    note: z.string().trim().min(1).max(500).optional(),
  })
  .refine((change) => change.securedAmount !== undefined || change.termMonths !== undefined || change.pledgorName !== undefined, {
    message: 'must change at least one of securedAmount, termMonths, pledgorName',
    path: ['securedAmount'],
  });
export type ChangePledgeRegistrationRequest = z.infer<typeof ChangePledgeRegistrationRequest>;

/** The bank names the pledge's appraiser (another one, or one for a pledge from before applications named one). */
export const AssignAppraiserRequest = z.strictObject({ appraiserOrgId: OrgId });
export type AssignAppraiserRequest = z.infer<typeof AssignAppraiserRequest>;

/** 注销登记 on the pledgee bank's request. */
export const ReleasePledgeRequest = z.strictObject({
  note: z.string().trim().min(1).max(500).optional(),
});
export type ReleasePledgeRequest = z.infer<typeof ReleasePledgeRequest>;

/** 质物处置: the bank reports how the pledged IP of a defaulted loan was disposed of. */
export const DisposePledgeRequest = z.strictObject({
  method: DisposalMethod,
  grossProceeds: MoneyString,
  costs: MoneyString,
  disposedOn: DateString,
});
export type DisposePledgeRequest = z.infer<typeof DisposePledgeRequest>;

export const PledgeResponse = z.object({
  id: PledgeId,
  status: PledgeStatus,
  bankOrgId: OrgId,
  pledgor: z.object({ uscc: Uscc, name: z.string(), firmSize: FirmSize.nullable(), industry: IndustryCode.nullable() }),
  ipItems: z.array(PledgedIpItem),
  requestedLoanAmount: MoneyString,
  termMonths: z.number().int(),
  districtCode: DivisionCode,
  registrationNumber: z.string().nullable(),
  registrationDate: DateString.nullable(),
  loanId: LoanId.nullable(),
  releasedOn: DateString.nullable(),
  /** The day the pledge's loan defaulted, once known (disposal is allowed from then on). */
  loanDefaultedOn: DateString.nullable(),
  disposal: z
    .object({ method: DisposalMethod, grossProceeds: MoneyString, costs: MoneyString, netProceeds: MoneyString, disposedOn: DateString })
    .nullable(),
  /** The appraiser named on the application; null for pledges from before applications named one. */
  appraiserOrgId: OrgId.nullable(),
  /** The current registration version (1 at registration, +1 per change); null until registered. */
  registrationVersion: z.number().int().nullable(),
  /** The bureau's reasons while the application is RETURNED for correction. */
  correctionReasons: z.array(CorrectionReason).nullable(),
  /** Why the bureau refused it, once REFUSED. */
  refusal: z.object({ reason: RefusalReason, note: z.string() }).nullable(),
  /** While SUBMITTED: the last day the bureau should decide (N working days after the last receipt). */
  decisionDeadline: DateString.nullable(),
  /** The deadline was counted through a year whose holidays are not entered (Monday to Friday). */
  decisionDeadlineProvisional: z.boolean(),
  /** SUBMITTED and the server's today is past the decision deadline. */
  decisionOverdue: z.boolean(),
  /** The first receipt (corrections keep it). */
  submittedAt: Timestamp,
  /** The latest receipt: the first submission or the latest resubmission. */
  receivedAt: Timestamp,
  updatedAt: Timestamp,
});
export type PledgeResponse = z.infer<typeof PledgeResponse>;

export const ListPledgesQuery = z.strictObject({
  status: PledgeStatus.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const PledgeListResponse = z.object({ items: z.array(PledgeResponse) });

/** One step of a pledge's history: who did what, when (server time), and why. */
export const PledgeHistoryStep = z.object({
  step: z.string(),
  fromStatus: PledgeStatus.nullable(),
  toStatus: PledgeStatus,
  actor: z.object({ orgId: z.string(), role: z.string(), userId: z.string().nullable() }),
  at: Timestamp,
  /** The server's date in China (Asia/Shanghai) of the step; null for steps recorded before it was kept. */
  onDate: DateString.nullable(),
  /** The step's particulars: correction reasons, refusal, the change, the release. */
  details: z.record(z.string(), z.unknown()).nullable(),
});

/** One version of a registration (1: the registration; 2…: each 变更登记). */
export const PledgeRegistrationVersion = z.object({
  version: z.number().int(),
  registrationNumber: z.string(),
  effectiveOn: DateString,
  securedAmount: MoneyString,
  termMonths: z.number().int(),
  pledgorName: z.string(),
  note: z.string().nullable(),
  actor: z.object({ orgId: z.string(), role: z.string(), userId: z.string().nullable() }),
  recordedAt: Timestamp,
});

export const PledgeHistoryResponse = z.object({
  pledgeId: PledgeId,
  status: PledgeStatus,
  steps: z.array(PledgeHistoryStep),
  registrations: z.array(PledgeRegistrationVersion),
});
export type PledgeHistoryResponse = z.infer<typeof PledgeHistoryResponse>;

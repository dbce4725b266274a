import { z } from 'zod';
import { DisposalMethod, PledgedIpItem } from '../events/pledge-events';
import { DateString, DivisionCode, IpType, LoanId, MoneyString, OrgId, PledgeId, PositiveMoneyString, Timestamp, Uscc } from '../primitives';

export const PLEDGE_STATUSES = ['SUBMITTED', 'REGISTERED', 'RELEASED', 'DISPOSED'] as const;
export const PledgeStatus = z.enum(PLEDGE_STATUSES);
export type PledgeStatus = z.infer<typeof PledgeStatus>;

export const SubmitPledgeApplicationRequest = z.strictObject({
  pledgor: z.strictObject({ uscc: Uscc, name: z.string().trim().min(1).max(200) }),
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
});
export type SubmitPledgeApplicationRequest = z.infer<typeof SubmitPledgeApplicationRequest>;

export const RegisterPledgeRequest = z.strictObject({
  registrationNumber: z.string().trim().min(1).max(64),
  registrationDate: DateString,
});
export type RegisterPledgeRequest = z.infer<typeof RegisterPledgeRequest>;

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
  pledgor: z.object({ uscc: Uscc, name: z.string() }),
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
  submittedAt: Timestamp,
  updatedAt: Timestamp,
});
export type PledgeResponse = z.infer<typeof PledgeResponse>;

export const ListPledgesQuery = z.strictObject({
  status: PledgeStatus.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const PledgeListResponse = z.object({ items: z.array(PledgeResponse) });

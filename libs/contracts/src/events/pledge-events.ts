import { z } from 'zod';
import { DateString, DivisionCode, IpType, LoanId, MoneyString, OrgId, PledgeId, PositiveMoneyString, Timestamp, Uscc } from '../primitives';

export const PledgedIpItem = z.object({
  ipType: IpType,
  number: z.string().min(1).max(64),
  title: z.string().max(200).nullable(),
});

export const PledgeApplicationSubmittedV1 = z.object({
  pledgeId: PledgeId,
  bankOrgId: OrgId,
  pledgor: z.object({ uscc: Uscc, name: z.string().min(1).max(200) }),
  ipItems: z.array(PledgedIpItem).min(1),
  requestedLoanAmount: PositiveMoneyString,
  termMonths: z.number().int().min(1).max(36),
  districtCode: DivisionCode,
  submittedAt: Timestamp,
});

export const PledgeRegisteredV1 = z.object({
  pledgeId: PledgeId,
  bankOrgId: OrgId,
  registrationNumber: z.string().min(1).max(64),
  registrationDate: DateString,
});

export const PledgeReleasedV1 = z.object({
  pledgeId: PledgeId,
  bankOrgId: OrgId,
  loanId: LoanId,
  releasedOn: DateString,
  reason: z.enum(['loan-closed']),
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

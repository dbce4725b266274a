// Money governments pay into a compensation fund (资金拨付): by province, city and district as the
// policy names them, towards the year's appropriation or as a top-up (追加) that raises the year's
// budget (docs/funds.md).
import { z } from 'zod';
import { FundContributionKind, GovernmentLevel } from '../events/compensation-events';
import {
  DateString,
  DivisionCode,
  FundContributionId,
  OrgId,
  PolicyId,
  PositiveMoneyString,
  Timestamp,
  TotalMoneyString,
} from '../primitives';

export const RecordFundContributionRequest = z.strictObject({
  budgetYear: z.number().int().min(2000).max(2100),
  /** The paying government's 6-digit division code (GB/T 2260): 370000 山东省, 371000 威海市, 371002 环翠区. */
  payerCode: DivisionCode,
  /** Required when the fund's policy does not name the payer; otherwise the policy's name is used. */
  payerName: z.string().trim().min(1).max(100).optional(),
  kind: FundContributionKind,
  amount: PositiveMoneyString,
  /** The transfer's reference (拨款文号 or bank reference); one payer's reference is recorded once per fund. */
  reference: z.string().trim().min(1).max(64),
});
export type RecordFundContributionRequest = z.infer<typeof RecordFundContributionRequest>;

export const FundContributionResponse = z.object({
  contributionId: FundContributionId,
  fundId: PolicyId,
  budgetYear: z.number().int(),
  payerCode: DivisionCode,
  payerLevel: GovernmentLevel,
  payerName: z.string(),
  kind: FundContributionKind,
  amount: TotalMoneyString,
  reference: z.string(),
  /** The server's day the bureau recorded it. */
  receivedOn: DateString,
  recordedByOrgId: OrgId,
  recordedByUserId: z.string().nullable(),
  createdAt: Timestamp,
});
export type FundContributionResponse = z.infer<typeof FundContributionResponse>;
export const FundContributionListResponse = z.object({ items: z.array(FundContributionResponse) });

export const ListFundContributionsQuery = z.strictObject({
  budgetYear: z.coerce.number().int().min(2000).max(2100).optional(),
});

/** One government's money in one budget year. */
export const FundContributorYearResponse = z.object({
  payerCode: DivisionCode,
  level: GovernmentLevel,
  name: z.string(),
  /** Its weight in the policy version that opened the year; null when the policy names no payers. */
  weight: z.string().nullable(),
  /** Its part of the year's appropriation; null when the policy names no payers. */
  due: TotalMoneyString.nullable(),
  /** Paid towards the appropriation. */
  paid: TotalMoneyString,
  /** Paid as top-ups. */
  toppedUp: TotalMoneyString,
});

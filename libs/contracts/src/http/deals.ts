import { z } from 'zod';
import { DealKind, DealParty } from '../events/deal-events';
import { DateString, DealId, DivisionCode, IndustryCode, IpType, MoneyString, PositiveMoneyString, Timestamp } from '../primitives';

export const RecordDealRequest = z.strictObject({
  kind: DealKind,
  ipItems: z
    .array(z.strictObject({ ipType: IpType, number: z.string().trim().min(1).max(64) }))
    .min(1, { message: 'must list at least one IP item' })
    .max(50, { message: 'must list at most 50 IP items' }),
  from: z.strictObject({ uscc: DealParty.shape.uscc, name: z.string().trim().min(1).max(200) }),
  to: z.strictObject({ uscc: DealParty.shape.uscc, name: z.string().trim().min(1).max(200) }),
  amount: PositiveMoneyString,
  contractDate: DateString,
  districtCode: DivisionCode,
  industry: IndustryCode,
});
export type RecordDealRequest = z.infer<typeof RecordDealRequest>;

export const ReverseDealRequest = z.strictObject({
  reason: z.string().trim().min(5, { message: 'must give the reason in at least 5 characters' }).max(2000),
  reversedOn: DateString.optional(),
});
export type ReverseDealRequest = z.infer<typeof ReverseDealRequest>;

export const DealResponse = z.object({
  id: DealId,
  kind: DealKind,
  status: z.enum(['RECORDED', 'REVERSED']),
  ipItems: z.array(z.object({ ipType: IpType, number: z.string() })),
  from: DealParty,
  to: DealParty,
  amount: MoneyString,
  contractDate: DateString,
  districtCode: DivisionCode,
  industry: IndustryCode,
  reversedOn: DateString.nullable(),
  reversalReason: z.string().nullable(),
  recordedAt: Timestamp,
});
export type DealResponse = z.infer<typeof DealResponse>;

export const ListDealsQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  kind: DealKind.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const DealListResponse = z.object({ items: z.array(DealResponse) });

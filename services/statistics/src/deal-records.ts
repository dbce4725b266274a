// A recorded deal as the repository hands it out: the amount as Money, the contract and reversal
// dates as LocalDates, kind and status as their unions. Prisma rows are mapped here, at the
// repository's boundary; the HTTP answer is built from this record in deal-response.ts.
import type { LocalDate } from '@ipledger/calendar';
import { moneyOfStored } from '@ipledger/db';
import type { DealKind, DealResponse } from '@ipledger/contracts';
import type { Money } from '@ipledger/money';
import { toDateString } from '@ipledger/service-kit';
import type { Prisma } from './database';

export type DealStatus = DealResponse['status'];
export type DealIpItem = DealResponse['ipItems'][number];

export interface Deal {
  id: string;
  kind: DealKind;
  status: DealStatus;
  ipItems: DealIpItem[];
  fromUscc: string;
  fromName: string;
  toUscc: string;
  toName: string;
  amount: Money;
  contractDate: LocalDate;
  districtCode: string;
  industry: string;
  recordedByOrgId: string;
  /** An instant, not a calendar day. */
  recordedAt: Date;
  reversedOn: LocalDate | null;
  reversalReason: string | null;
}

/** A deal to record: what the request says, before the row has a status and a time. */
export type NewDeal = Omit<Deal, 'status' | 'recordedAt' | 'reversedOn' | 'reversalReason'>;

export type DealRow = Prisma.StatisticsDealGetPayload<Record<string, never>>;

export function toDeal(row: DealRow): Deal {
  return {
    id: row.id,
    kind: row.kind as DealKind,
    status: row.status as DealStatus,
    ipItems: row.ipItems as DealIpItem[],
    fromUscc: row.fromUscc,
    fromName: row.fromName,
    toUscc: row.toUscc,
    toName: row.toName,
    amount: moneyOfStored(row.amount),
    contractDate: toDateString(row.contractDate),
    districtCode: row.districtCode,
    industry: row.industry,
    recordedByOrgId: row.recordedByOrgId,
    recordedAt: row.recordedAt,
    reversedOn: row.reversedOn === null ? null : toDateString(row.reversedOn),
    reversalReason: row.reversalReason,
  };
}

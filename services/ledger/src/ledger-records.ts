// The ledger's read side as the repository hands it out: accounts and posted entries as domain
// records (amounts as Money, the effective date as a LocalDate, kinds as their unions). Prisma rows
// are mapped here, at the repository's boundary; Prisma.Decimal and a DATE read as a JS Date do not
// leave it. The HTTP shapes are built from these records in ledger-response.ts.
import type { LocalDate } from '@ipledger/calendar';
import { moneyOfStored } from '@ipledger/db';
import { Money } from '@ipledger/money';
import { toDateString } from '@ipledger/service-kit';
import type { Prisma } from './database';
import type { AccountType, Direction } from './domain/chart-of-accounts';

export interface LedgerAccount {
  code: string;
  type: AccountType;
  normalSide: Direction;
  partyType: string;
  partyId: string;
  debitsPosted: Money;
  creditsPosted: Money;
}

export interface PostedLeg {
  position: number;
  accountCode: string;
  direction: Direction;
  amount: Money;
}

export interface PostedEntry {
  id: string;
  sequence: bigint;
  eventId: string;
  eventType: string;
  description: string;
  effectiveDate: LocalDate;
  reversesEntryId: string | null;
  correlationId: string;
  previousHash: string;
  hash: string;
  /** An instant (when it was posted), not a calendar day. */
  postedAt: Date;
  postings: PostedLeg[];
}

/** The sums over every account's running totals. */
export interface LedgerTotals {
  totalDebits: Money;
  totalCredits: Money;
  accountCount: number;
}

export const entryWithPostings = { postings: { orderBy: { position: 'asc' } } } satisfies Prisma.JournalEntryInclude;
export type EntryRow = Prisma.JournalEntryGetPayload<{ include: typeof entryWithPostings }>;
export type AccountRow = Prisma.LedgerAccountGetPayload<Record<string, never>>;

export function toLedgerAccount(row: AccountRow): LedgerAccount {
  return {
    code: row.code,
    type: row.type as AccountType,
    normalSide: row.normalSide as Direction,
    partyType: row.partyType,
    partyId: row.partyId,
    debitsPosted: moneyOfStored(row.debitsPosted),
    creditsPosted: moneyOfStored(row.creditsPosted),
  };
}

export function toPostedEntry(row: EntryRow): PostedEntry {
  return {
    id: row.id,
    sequence: row.sequence,
    eventId: row.eventId,
    eventType: row.eventType,
    description: row.description,
    effectiveDate: toDateString(row.effectiveDate),
    reversesEntryId: row.reversesEntryId,
    correlationId: row.correlationId,
    previousHash: row.previousHash,
    hash: row.hash,
    postedAt: row.postedAt,
    postings: row.postings.map((posting) => ({
      position: posting.position,
      accountCode: posting.accountCode,
      direction: posting.direction as Direction,
      amount: moneyOfStored(posting.amount),
    })),
  };
}

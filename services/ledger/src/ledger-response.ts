// The ledger's HTTP answers, built in this one place from the repository's domain records
// (ledger-records.ts): amounts as Money's two-decimal strings, dates as YYYY-MM-DD, sequences as
// decimal strings. The shapes are the contracts' response schemas.
import type { AccountResponse, CheckpointListResponse, JournalEntryResponse, TrialBalanceResponse } from '@ipledger/contracts';
import type { ChainHead, Checkpoint, LedgerSigningKey } from '@ipledger/ledger-proof';
import type { z } from 'zod';
import { balanceOf } from './domain/balances';
import type { LedgerAccount, LedgerTotals, PostedEntry } from './ledger-records';

export type TrialBalance = z.infer<typeof TrialBalanceResponse>;
export type CheckpointList = z.infer<typeof CheckpointListResponse>;

export function toAccountResponse(account: LedgerAccount): AccountResponse {
  const debitsPosted = account.debitsPosted.toString();
  const creditsPosted = account.creditsPosted.toString();
  return {
    code: account.code,
    type: account.type,
    normalSide: account.normalSide,
    partyType: account.partyType,
    partyId: account.partyId,
    debitsPosted,
    creditsPosted,
    balance: balanceOf({ normalSide: account.normalSide, debitsPosted, creditsPosted }).toString(),
  };
}

export function toEntryResponse(entry: PostedEntry): JournalEntryResponse {
  return {
    id: entry.id,
    sequence: entry.sequence.toString(),
    eventId: entry.eventId,
    eventType: entry.eventType,
    description: entry.description,
    effectiveDate: entry.effectiveDate,
    reversesEntryId: entry.reversesEntryId,
    correlationId: entry.correlationId,
    previousHash: entry.previousHash,
    hash: entry.hash,
    postedAt: entry.postedAt.toISOString(),
    postings: entry.postings.map((posting) => ({
      accountCode: posting.accountCode,
      direction: posting.direction,
      amount: posting.amount.toString(),
    })),
  };
}

export function toTrialBalanceResponse(totals: LedgerTotals, head: ChainHead): TrialBalance {
  return {
    totalDebits: totals.totalDebits.toString(),
    totalCredits: totals.totalCredits.toString(),
    balanced: totals.totalDebits.eq(totals.totalCredits),
    // Sequences are gap-free from 1, so the head's sequence is the number of entries.
    entryCount: head.sequence.toString(),
    accountCount: totals.accountCount,
  };
}

export function toCheckpointListResponse(signingKey: LedgerSigningKey, checkpoints: readonly Checkpoint[]): CheckpointList {
  return {
    keyId: signingKey.keyId,
    publicKey: signingKey.publicKey.jwk,
    items: checkpoints.map((checkpoint) => ({ ...checkpoint, sequence: checkpoint.sequence.toString() })),
  };
}

import { z } from 'zod';
import { PostingDirection } from '../events/ledger-events';
import { DateString, JournalEntryId, SignedTotalMoneyString, Timestamp, TotalMoneyString } from '../primitives';

export const ACCOUNT_TYPES = ['asset', 'liability', 'equity', 'income', 'expense'] as const;
export const AccountType = z.enum(ACCOUNT_TYPES);

/** Balances are signed on the account's normal side: positive means "as the account type expects". */

export const AccountResponse = z.object({
  code: z.string(),
  type: AccountType,
  normalSide: PostingDirection,
  partyType: z.string(),
  partyId: z.string(),
  debitsPosted: TotalMoneyString,
  creditsPosted: TotalMoneyString,
  balance: SignedTotalMoneyString,
});
export type AccountResponse = z.infer<typeof AccountResponse>;

export const ListAccountsQuery = z.strictObject({
  partyType: z.string().min(1).max(40).optional(),
  partyId: z.string().min(1).max(200).optional(),
  prefix: z.string().min(1).max(200).optional(),
});
export const AccountListResponse = z.object({ items: z.array(AccountResponse) });

export const PostingResponse = z.object({ accountCode: z.string(), direction: PostingDirection, amount: TotalMoneyString });

export const JournalEntryResponse = z.object({
  id: JournalEntryId,
  sequence: z.string(),
  eventId: z.uuid(),
  eventType: z.string(),
  description: z.string(),
  effectiveDate: DateString,
  reversesEntryId: JournalEntryId.nullable(),
  correlationId: z.string(),
  previousHash: z.string(),
  hash: z.string(),
  postedAt: Timestamp,
  postings: z.array(PostingResponse),
});
export type JournalEntryResponse = z.infer<typeof JournalEntryResponse>;

export const ListEntriesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  afterSequence: z
    .string()
    .regex(/^\d{1,18}$/, { message: 'must be a sequence number: 1 to 18 digits' })
    .optional(),
});
export const JournalEntryListResponse = z.object({ items: z.array(JournalEntryResponse) });

export const TrialBalanceResponse = z.object({
  totalDebits: TotalMoneyString,
  totalCredits: TotalMoneyString,
  balanced: z.boolean(),
  entryCount: z.string(),
  accountCount: z.number().int(),
});

/** The ledger's Ed25519 public key (JWK) that checkpoints are signed with. */
export const LedgerPublicJwk = z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string() });

export const CheckpointResponse = z.object({
  sequence: z.string(),
  hash: z.string(),
  signedAt: Timestamp,
  keyId: z.string(),
  signature: z.string(),
});

export const ListCheckpointsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  afterSequence: z
    .string()
    .regex(/^\d{1,18}$/, { message: 'must be a sequence number: 1 to 18 digits' })
    .optional(),
});

/** Signed chain heads in sequence order, with the key that checks them (verify with `ipledger ledger verify`). */
export const CheckpointListResponse = z.object({
  keyId: z.string(),
  publicKey: LedgerPublicJwk,
  items: z.array(CheckpointResponse),
});

// Reading the ledger: balances, statements, the journal, the trial balance, checkpoints and
// verification. Who may see what is decided here (tenant rule in domain/chart-of-accounts.ts); the
// shapes are the contracts' response schemas.
import { Inject, Injectable } from '@nestjs/common';
import type { AccountResponse, JournalEntryResponse } from '@ipledger/contracts';
import { NotFoundError, type RequestContext } from '@ipledger/service-kit';
import {
  describeAccount,
  InvalidAccountCodeError,
  mayReadAccount,
  readableCodePrefixes,
  type AccountSpec,
} from './domain/chart-of-accounts';
import { verifyLedgerStream, type ChainHead, type Checkpoint, type LedgerPublicKey, type LedgerSigningKey } from '@ipledger/ledger-proof';
import { CheckpointRepository } from './checkpoint.repository';
import { journalStream } from './journal-stream';
import { LEDGER_SIGNING_KEY, LEDGER_VERIFY_KEYS } from './ledger.config';
import type { LedgerAccount } from './ledger-records';
import { LedgerRepository, type TotalsMismatch, type UnbalancedEntry } from './ledger.repository';
import {
  toAccountResponse,
  toCheckpointListResponse,
  toEntryResponse,
  toTrialBalanceResponse,
  type CheckpointList,
  type TrialBalance,
} from './ledger-response';

/** The hash chain and the signed checkpoints, recomputed from genesis (the first failure, if any). */
export type ChainCheck =
  | {
      ok: true;
      head: ChainHead;
      entriesChecked: number;
      checkpointsChecked: number;
      lastCheckpoint: Checkpoint | null;
      entriesAfterLastCheckpoint: number;
    }
  | { ok: false; sequence: bigint | null; entryId: string | null; reason: string };

export interface LedgerVerification {
  ok: boolean;
  chain: ChainCheck;
  /** The stored head must equal the head recomputed from the entries. */
  storedHead: ChainHead;
  accountsOutOfBalance: TotalsMismatch[];
  unbalancedEntries: UnbalancedEntry[];
}

/** The account a code names, or undefined when the code is outside the chart (so: not found). */
function accountOf(code: string): AccountSpec | undefined {
  try {
    return describeAccount(code);
  } catch (error) {
    if (error instanceof InvalidAccountCodeError) return undefined;
    throw error;
  }
}

@Injectable()
export class LedgerService {
  constructor(
    private readonly repository: LedgerRepository,
    private readonly checkpoints: CheckpointRepository,
    @Inject(LEDGER_SIGNING_KEY) private readonly signingKey: LedgerSigningKey,
    @Inject(LEDGER_VERIFY_KEYS) private readonly verifyKeys: readonly LedgerPublicKey[],
  ) {}

  async listAccounts(query: { partyType?: string; partyId?: string; prefix?: string }, ctx: RequestContext): Promise<AccountResponse[]> {
    const rows = await this.repository.listAccounts({ ...query, codePrefixes: readableCodePrefixes(ctx.actor) });
    return rows.map(toAccountResponse);
  }

  async getAccount(code: string, ctx: RequestContext): Promise<AccountResponse> {
    return toAccountResponse(await this.readableAccount(code, ctx));
  }

  /** The account's statement: entries touching it, in sequence order. */
  async accountEntries(
    code: string,
    page: { limit: number; afterSequence?: string },
    ctx: RequestContext,
  ): Promise<JournalEntryResponse[]> {
    const account = await this.readableAccount(code, ctx);
    const rows = await this.repository.listEntries({
      accountCode: account.code,
      afterSequence: BigInt(page.afterSequence ?? '0'),
      limit: page.limit,
    });
    return rows.map(toEntryResponse);
  }

  async listEntries(page: { limit: number; afterSequence?: string }): Promise<JournalEntryResponse[]> {
    const rows = await this.repository.listEntries({ afterSequence: BigInt(page.afterSequence ?? '0'), limit: page.limit });
    return rows.map(toEntryResponse);
  }

  /**
   * One entry. A bank sees an entry that touches at least one of its own accounts, with all its
   * legs: the other legs are the same event's (its borrower's loan, its claim's payers).
   */
  async getEntry(id: string, ctx: RequestContext): Promise<JournalEntryResponse> {
    const row = await this.repository.findEntry(id);
    const visible = row?.postings.some((posting) => {
      const account = accountOf(posting.accountCode);
      return account !== undefined && mayReadAccount(ctx.actor, account);
    });
    if (!row || !visible) throw new NotFoundError('journal entry', id);
    return toEntryResponse(row);
  }

  async trialBalance(): Promise<TrialBalance> {
    const [totals, head] = await Promise.all([this.repository.totals(), this.repository.chainHead()]);
    return toTrialBalanceResponse(totals, head);
  }

  /** Signed checkpoints in sequence order, with the public key that checks them. */
  async listCheckpoints(page: { limit: number; afterSequence?: string }): Promise<CheckpointList> {
    const items = await this.checkpoints.list({ afterSequence: BigInt(page.afterSequence ?? '0'), limit: page.limit });
    return toCheckpointListResponse(this.signingKey, items);
  }

  /**
   * Recomputes everything from the postings, on one snapshot: the hash chain from genesis with the
   * library's streaming verifier (every stored checkpoint checked against the ledger's public key
   * and the chain where it stands) against the stored head, every account's running totals, and
   * every entry's balance.
   */
  verify(): Promise<LedgerVerification> {
    return this.repository.readSnapshot(async (db) => {
      const storedHead = await this.repository.chainHead(db);
      const stream = journalStream(db, { ledger: this.repository, checkpoints: this.checkpoints }, storedHead.sequence);
      const result = await verifyLedgerStream(stream, { publicKeys: this.verifyKeys, file: false });
      let chain: ChainCheck;
      if (!result.ok) chain = { ok: false, sequence: result.sequence, entryId: result.entryId, reason: result.reason };
      else if (result.head.sequence !== storedHead.sequence || result.head.hash !== storedHead.hash) {
        chain = {
          ok: false,
          sequence: result.head.sequence,
          entryId: null,
          reason: `the stored head (${storedHead.sequence}, ${storedHead.hash}) differs from the recomputed one`,
        };
      } else {
        chain = {
          ok: true,
          head: result.head,
          entriesChecked: result.entries,
          checkpointsChecked: result.checkpoints,
          lastCheckpoint: result.lastCheckpoint,
          entriesAfterLastCheckpoint: result.entriesAfterLastCheckpoint,
        };
      }
      const accountsOutOfBalance = await this.repository.recomputeTotals(db);
      const unbalancedEntries = await this.repository.unbalancedEntries(db);
      return {
        ok: chain.ok && accountsOutOfBalance.length === 0 && unbalancedEntries.length === 0,
        chain,
        storedHead,
        accountsOutOfBalance,
        unbalancedEntries,
      };
    });
  }

  private async readableAccount(code: string, ctx: RequestContext): Promise<LedgerAccount> {
    const account = accountOf(code);
    const row = account && mayReadAccount(ctx.actor, account) ? await this.repository.findAccount(code) : null;
    if (!row) throw new NotFoundError('account', code);
    return row;
  }
}

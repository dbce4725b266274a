// Posting one journal entry: the ledger's rules applied in order, around a repository that only
// stores. Once per event id (the entry's idempotency key); the draft must balance
// (domain/journal-entry.ts); an entry that builds on a posting from another topic waits for it;
// the chain head is locked first, then the accounts are opened from the chart and locked in code
// order (every posting takes its locks in that one order, so concurrent postings queue instead of
// deadlocking, also when one transaction posts several entries: the consumer handles a batch of
// events in one, and holds the head from its first entry on); the balance rules (domain/balances.ts) decide the new totals; the chain (domain/journal-chain.ts)
// gives the sequence number and the hash; and JournalEntryPosted is appended to the outbox in the
// same transaction.
import { Inject, Injectable } from '@nestjs/common';
import type { ChainedEntry } from '@ipledger/ledger-proof';
import { AwaitingFactError, type Outbox } from '@ipledger/messaging';
import { newId, OUTBOX } from '@ipledger/service-kit';
import type { TransactionClient } from './database';
import { applyPostings, type AccountTotals } from './domain/balances';
import { describeAccount, type AccountSpec } from './domain/chart-of-accounts';
import { chainEntry } from './domain/journal-chain';
import { assertPostable, type JournalEntryDraft } from './domain/journal-entry';
import { LedgerCorruptionError, LedgerRepository, type StoredAccount } from './ledger.repository';

/** Who the ledger acts as when it emits events of its own. */
export const LEDGER_ACTOR = { orgId: 'ipledger-ledger', role: 'system', userId: null } as const;

export type PostingOutcome = { status: 'posted'; entry: ChainedEntry } | { status: 'already-posted'; entryId: string };

@Injectable()
export class JournalPoster {
  constructor(
    private readonly repository: LedgerRepository,
    @Inject(OUTBOX) private readonly outbox: Outbox,
  ) {}

  /** Posts `draft` in `tx` unless its event was posted before. `clock` is the server's (tests may fix it). */
  async post(tx: TransactionClient, draft: JournalEntryDraft, clock: () => Date = () => new Date()): Promise<PostingOutcome> {
    assertPostable(draft);
    const postedEntryId = await this.repository.findEntryIdOfEvent(tx, draft.eventId);
    if (postedEntryId !== null) return { status: 'already-posted', entryId: postedEntryId };
    await this.assertEarlierPostingsPresent(tx, draft);

    const head = await this.repository.lockChainHead(tx);
    const specs = [...new Set(draft.postings.map((posting) => posting.accountCode))].sort().map(describeAccount);
    await this.repository.openAccounts(tx, specs);
    const stored = await this.repository.lockAccounts(
      tx,
      specs.map((spec) => spec.code),
    );
    const after = applyPostings(
      specs.map((spec) => asCharted(spec, stored)),
      draft,
    );
    const entry = chainEntry(head, draft, { id: newId('journalEntry'), postedAt: clock() });

    await this.repository.insertEntry(tx, entry);
    await this.repository.updateTotals(tx, after);
    await this.repository.moveChainHead(tx, { sequence: entry.sequence, hash: entry.hash });
    await this.outbox.append(tx, {
      type: 'JournalEntryPosted',
      payload: {
        entryId: entry.id,
        sequence: entry.sequence.toString(),
        sourceEventId: entry.eventId,
        sourceEventType: entry.eventType,
        effectiveDate: entry.effectiveDate,
        postings: draft.postings.map(({ accountCode, direction, amount }) => ({ accountCode, direction, amount })),
        hash: entry.hash,
      },
      actor: LEDGER_ACTOR,
      correlationId: draft.correlationId,
      causationId: draft.eventId,
    });
    return { status: 'posted', entry };
  }

  /**
   * Throws AwaitingFactError while a posting the draft builds on (from another topic) is not in
   * the ledger yet: an account exists only once a posting has opened it. The consumer pauses the
   * partition and tries again, instead of refusing an event that has merely arrived first.
   */
  private async assertEarlierPostingsPresent(tx: TransactionClient, draft: JournalEntryDraft): Promise<void> {
    const needed = draft.buildsOn ?? [];
    if (needed.length === 0) return;
    const open = await this.repository.openAccountCodes(
      tx,
      needed.map((earlier) => earlier.accountCode),
    );
    const missing = needed.find((earlier) => !open.has(earlier.accountCode));
    if (missing) {
      throw new AwaitingFactError(
        missing.event,
        `${draft.eventType} ${draft.eventId} waits for ${missing.event}: account ${missing.accountCode} has no postings yet`,
      );
    }
  }
}

/** The locked account's totals, once it is certain the stored account is the one the chart describes. */
function asCharted(spec: AccountSpec, stored: readonly StoredAccount[]): AccountTotals {
  const account = stored.find((candidate) => candidate.code === spec.code);
  if (!account) throw new LedgerCorruptionError(`account ${spec.code} was opened but cannot be read`);
  if (account.type !== spec.type || account.normalSide !== spec.normalSide || account.allowNegative !== spec.allowNegative) {
    throw new LedgerCorruptionError(
      `account ${spec.code} is stored as ${account.type}/${account.normalSide}/allowNegative=${account.allowNegative}, the chart says ${spec.type}/${spec.normalSide}/allowNegative=${spec.allowNegative}`,
    );
  }
  return {
    code: account.code,
    normalSide: account.normalSide,
    allowNegative: account.allowNegative,
    debitsPosted: account.debitsPosted,
    creditsPosted: account.creditsPosted,
  };
}
